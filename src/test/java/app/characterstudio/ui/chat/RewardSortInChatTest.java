package app.characterstudio.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import app.characterstudio.model.Fixtures;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.reward.RewardModel;
import app.characterstudio.scoring.RewardScoring;
import app.characterstudio.scoring.ScoringListener;
import app.characterstudio.scoring.ScoringScope;
import app.characterstudio.ui.MainWindow;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Best reward first" orders a turn's cards by the reward model's score, each card keeping its number: the key 1–9
 * still labels the reply whose card shows that number, wherever the card now stands.
 */
@ExtendWith(ApplicationExtension.class)
class RewardSortInChatTest {
    private static final LoadOptions CPU = new LoadOptions(System.getProperty("characterstudio.test.device", "cpu"), null, null);

    @TempDir
    static Path workspaceDir;

    private MainWindow window;
    private Studio studio;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        studio = Studio.open(Workspace.open(workspaceDir));
        window = ChatRobot.showScripted(stage, studio);
    }

    @Test
    void cardsSortByScoreAndKeysFollowTheShownNumbers(FxRobot robot) throws Exception {
        ChatViewModel chat = ChatRobot.chatAsAlice(robot, window, "你好，三三");
        long turn = chat.currentTurnProperty().get().id();
        RewardScoring scoring = studio.rewardScoring();
        try (RewardModel rm = RewardModel.open(Fixtures.tinyRewardVhead(), CPU, LoadProgress.IGNORE, Cancellation.NEVER)) {
            scoring.score(rm, ScoringScope.all(), 8, ScoringListener.IGNORE);
        }
        OnFx.run(() -> chat.showTurn(turn));
        WaitForAsyncUtils.waitForFxEvents();
        Map<Long, Double> scores = scoring.scoresOfTurn(scoring.currentSet().orElseThrow(), turn);
        List<Integer> byNumber = chat.candidates().stream().map(CandidateItem::number).toList();
        List<Integer> byScore = chat.candidates().stream()
                .sorted(Comparator.comparingDouble((CandidateItem c) -> scores.get(c.candidate().id())).reversed())
                .map(CandidateItem::number).toList();
        assertNotEquals(byNumber, byScore, "the fixture's scores must reorder the cards for this test to mean anything");
        assertEquals(byNumber, shownNumbers(robot), "cards in number order before sorting");

        robot.clickOn("#chat-sort-reward");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(byScore, shownNumbers(robot), "best score first");

        // the first card shown is not reply 1; its own number labels it
        int first = byScore.get(0);
        robot.clickOn("#chat-candidates");
        robot.type(KeyCode.valueOf("DIGIT" + first));
        WaitForAsyncUtils.waitForFxEvents();
        CandidateItem best = chat.candidates().stream().filter(c -> c.number() == first).findFirst().orElseThrow();
        assertEquals(best.candidate().id(), chat.labelProperty().get().chosenCandidateId());
        assertEquals(CandidateItem.Mark.CHOSEN, best.mark());
        assertEquals(byScore, shownNumbers(robot), "labeling keeps the order");

        OnFx.run(() -> {
            stage.setWidth(1600);
            stage.setHeight(1000);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Path large = OnFx.call(() -> Screenshots.save(window.root().getScene(), "chat-sorted-by-reward-1600x1000"));
        OnFx.run(() -> {
            stage.setWidth(1280);
            stage.setHeight(720);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Path small = OnFx.call(() -> Screenshots.save(window.root().getScene(), "chat-sorted-by-reward-1280x720"));
        Screenshots.assertDrawn(large, small);

        robot.clickOn("#chat-sort-reward");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(byNumber, shownNumbers(robot), "off again: number order");
    }

    private static List<Integer> shownNumbers(FxRobot robot) {
        HBox cards = OnFx.call(() -> (HBox) robot.lookup("#chat-candidates").queryAs(javafx.scene.control.ScrollPane.class)
                .getContent());
        return OnFx.call(() -> cards.getChildren().stream().map(Node::getId).filter(id -> id != null && id.startsWith("candidate-"))
                .map(id -> Integer.parseInt(id.substring("candidate-".length()))).toList());
    }
}
