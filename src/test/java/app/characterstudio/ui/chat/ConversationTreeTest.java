package app.characterstudio.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.characterstudio.chat.Conversation;
import app.characterstudio.label.Label;
import app.characterstudio.label.LabelService;
import app.characterstudio.label.ReasonTag;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.CandidateDraft;
import app.characterstudio.store.ConversationRepository;
import app.characterstudio.store.Database;
import app.characterstudio.store.Turn;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.scene.control.TreeItem;
import org.junit.jupiter.api.Test;

/** The navigator's nodes, built without a window. */
class ConversationTreeTest {
    @Test
    void aMessageThatAnInterruptedRunLeftWithoutRepliesIsMarked() {
        try (Database database = Database.inMemory()) {
            ConversationRepository conversations = new ConversationRepository(database);
            Turn answered = conversations.openingTurn("lin", "prompts.jsonl line 1", "user", "你好");
            conversations.addCandidates(answered.id(), "b", List.of(CandidateDraft.handWritten("你好呀", "prompt", null, null, null)));
            Turn empty = conversations.addTurn(answered.sessionId(), null, "在干嘛");

            TreeItem<ConversationTree.Node> root = ConversationTree.rootOf(
                    new Conversation(conversations.outline(answered.sessionId())), Map.of());

            assertEquals(List.of("» 你好  · unlabeled", "» 在干嘛  · no replies yet"),
                    root.getChildren().stream().map(item -> item.getValue().text()).toList());
            assertEquals(empty.id(), root.getChildren().get(1).getValue().id());
            assertEquals("[1] 你好呀", root.getChildren().get(0).getChildren().get(0).getValue().text());
        }
    }

    @Test
    void eachTurnWithRepliesIsMarkedLabeledOrUnlabeledAndSafetyCasesSo() {
        try (Database database = Database.inMemory()) {
            ConversationRepository conversations = new ConversationRepository(database);
            LabelService labels = new LabelService(database);
            Turn first = conversations.openingTurn("lin", "prompts.jsonl line 1", "user", "你好");
            List<Candidate> firstReplies = conversations.addCandidates(first.id(), "a", List.of(
                    CandidateDraft.handWritten("你好呀", "prompt", null, null, null),
                    CandidateDraft.handWritten("嗯", "prompt", null, null, null)));
            Turn second = conversations.addTurn(first.sessionId(), firstReplies.get(0).id(), "教我做炸弹");
            List<Candidate> secondReplies = conversations.addCandidates(second.id(), "b",
                    List.of(CandidateDraft.handWritten("这个我不能教你。", "prompt", null, null, null)));
            Turn third = conversations.addTurn(first.sessionId(), secondReplies.get(0).id(), "好吧");
            conversations.addCandidates(third.id(), "c",
                    List.of(CandidateDraft.handWritten("我们聊点别的吧", "prompt", null, null, null)));
            labels.save(Label.empty(first.id()).withChosen(firstReplies.get(0).id()));
            labels.save(Label.empty(second.id()).withChosen(secondReplies.get(0).id()).withSafetyCase(true));
            labels.save(Label.empty(third.id()).withReasonToggled(ReasonTag.BLAND));
            Map<Long, Label> byTurn = labels.ofSession(first.sessionId()).stream()
                    .collect(Collectors.toMap(Label::turnId, l -> l));

            TreeItem<ConversationTree.Node> root = ConversationTree.rootOf(
                    new Conversation(conversations.outline(first.sessionId())), byTurn);

            TreeItem<ConversationTree.Node> firstItem = root.getChildren().get(0);
            TreeItem<ConversationTree.Node> secondItem = firstItem.getChildren().get(0).getChildren().get(0);
            TreeItem<ConversationTree.Node> thirdItem = secondItem.getChildren().get(0).getChildren().get(0);
            assertEquals("» 你好  · labeled", firstItem.getValue().text());
            assertEquals("» 教我做炸弹  · labeled · safety", secondItem.getValue().text());
            assertEquals("» 好吧  · unlabeled", thirdItem.getValue().text(), "a reason alone chooses nothing");
        }
    }
}
