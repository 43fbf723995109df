package app.characterstudio.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.characterstudio.chat.Conversation;
import app.characterstudio.store.CandidateDraft;
import app.characterstudio.store.ConversationRepository;
import app.characterstudio.store.Database;
import app.characterstudio.store.Turn;
import java.util.List;
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
                    new Conversation(conversations.outline(answered.sessionId())));

            assertEquals(List.of("» 你好", "» 在干嘛  · no replies yet"),
                    root.getChildren().stream().map(item -> item.getValue().text()).toList());
            assertEquals(empty.id(), root.getChildren().get(1).getValue().id());
            assertEquals("[1] 你好呀", root.getChildren().get(0).getChildren().get(0).getValue().text());
        }
    }
}
