package app.characterstudio.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.model.Fixtures;
import app.characterstudio.scoring.RewardAgreement;
import app.characterstudio.scoring.RewardScoring;
import app.characterstudio.store.ScoreSet;
import app.characterstudio.ui.MainWindow;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.ui.reward.RewardPanel;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The reward model in the window: the Model room's panel scores the stored replies with a tiny fixture reward
 * model, the chat's cards show each score and the model's pick, A accepts the pick as the label, and the panel's
 * agreement, histogram and disagreements follow the labels, a disagreement opening its turn in one click.
 */
@ExtendWith(ApplicationExtension.class)
class RewardInChatTest {
    @TempDir
    static Path workspaceDir;

    private MainWindow window;
    private Studio studio;

    @Start
    void start(Stage stage) throws java.io.IOException {
        Path root = Files.createTempDirectory(workspaceDir, "workspace");
        Fixtures.copy(Fixtures.tinyRewardVhead(), Files.createDirectories(root.resolve("models")));
        studio = Studio.open(Workspace.open(root));
        window = ChatRobot.showScripted(stage, studio);
    }

    @Test
    void scoresPickAcceptAgreementAndTheWayToADisagreement(FxRobot robot) {
        robot.clickOn("#nav-chat");
        ChatViewModel chat = ChatRobot.chatModel(window);
        OnFx.run(() -> chat.selectCharacter(chat.characters().get(0)));
        WaitForAsyncUtils.waitForFxEvents();
        ChatRobot.typeMessage(robot, "你好，三三");
        long firstTurn = chat.currentTurnProperty().get().id();
        assertEquals(3, chat.candidates().size());
        assertTrue(chat.candidates().stream().allMatch(c -> c.rewardScoreProperty().get().isEmpty()),
                "nothing scored yet: no score on the cards");
        OnFx.run(() -> chat.key("A", false));                     // the chat's key handler, as a key press reaches it
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(chat.statusProperty().get().contains("No reward model has scored"), chat.statusProperty().get());
        assertTrue(chat.labelProperty().get() == null || !chat.labelProperty().get().hasChoice(), "A without scores labels nothing");

        robot.clickOn("#nav-model");
        @SuppressWarnings("unchecked")
        ComboBox<Path> folders = robot.lookup("#reward-folder").queryAs(ComboBox.class);
        Path rmFolder = OnFx.call(() -> folders.getItems().stream()
                .filter(p -> p.getFileName().toString().equals("tiny-reward-vhead")).findFirst().orElseThrow());
        OnFx.run(() -> folders.setValue(rmFolder));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#reward-cost").queryAs(Label.class).getText().contains("tiny-reward-vhead"));
        assertEquals("index-dpo:stored", OnFx.call(() -> robot.lookup("#reward-layout").queryAs(ComboBox.class).getValue()));
        app.characterstudio.ui.ScrollIntoView.scroll(robot, "#model-scroll", robot.lookup("#reward-score").query());
        robot.clickOn("#reward-score");
        WaitForAsyncUtils.waitForFxEvents();
        String status = robot.lookup("#reward-status").queryAs(Label.class).getText();
        assertTrue(status.contains("3 scored now"), status);
        assertTrue(robot.lookup("#reward-agreement").queryAs(Label.class).getText().contains("no scored pairs"));

        // the cards show the scores and the pick; label the turn AGAINST the model: its lowest reply chosen
        robot.clickOn("#nav-chat");
        OnFx.run(() -> chat.showTurn(firstTurn));
        WaitForAsyncUtils.waitForFxEvents();
        RewardScoring scoring = studio.rewardScoring();
        ScoreSet set = scoring.currentSet().orElseThrow();
        Map<Long, Double> scores = scoring.scoresOfTurn(set, firstTurn);
        for (CandidateItem item : chat.candidates()) {
            String shown = robot.lookup("#candidate-score-" + item.number()).queryAs(Label.class).getText();
            assertEquals(String.format(Locale.ROOT, "tiny-reward-vhead %.3f", scores.get(item.candidate().id())), shown);
        }
        CandidateItem lowest = chat.candidates().stream()
                .min(Comparator.comparingDouble(c -> scores.get(c.candidate().id()))).orElseThrow();
        CandidateItem highest = chat.candidates().stream()
                .max(Comparator.comparingDouble(c -> scores.get(c.candidate().id()))).orElseThrow();
        assertTrue(robot.lookup("#candidate-suggested-" + highest.number()).queryAs(Label.class).isVisible());
        assertFalse(robot.lookup("#candidate-suggested-" + lowest.number()).queryAs(Label.class).isVisible());
        OnFx.run(() -> {
            chat.choose(lowest.number());
            for (CandidateItem item : List.copyOf(chat.candidates())) {
                if (item != lowest) {
                    chat.reject(item.number());
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(lowest.candidate().id(), chat.labelProperty().get().chosenCandidateId());
        OnFx.run(() -> Screenshots.save(window.root().getScene(), "reward-chat-scores"));

        // a second message: its unlabeled replies are scored, and A accepts the pick as the label
        OnFx.run(chat::accept);
        ChatRobot.typeMessage(robot, "今天做什么？");
        long secondTurn = chat.currentTurnProperty().get().id();
        robot.clickOn("#nav-model");
        app.characterstudio.ui.ScrollIntoView.scroll(robot, "#model-scroll", robot.lookup("#reward-score").query());
        robot.clickOn("#reward-score");
        WaitForAsyncUtils.waitForFxEvents();
        status = robot.lookup("#reward-status").queryAs(Label.class).getText();
        assertTrue(status.contains("3 scored now, 3 already scored"), status);
        RewardAgreement agreement = scoring.agreement(set, java.util.Set.of());
        assertEquals(2, agreement.overall().pairs());
        assertEquals(0, agreement.overall().agreeing(), "the chosen reply is the model's lowest");
        String figure = robot.lookup("#reward-agreement").queryAs(Label.class).getText();
        assertTrue(figure.contains("0.0% (0 of 2 pairs, 95% CI 0.0–65.8%)"), figure);
        assertEquals(2, OnFx.call(() -> robot.lookup("#reward-histogram").queryAs(javafx.scene.chart.BarChart.class)
                .getData().size()));
        RewardPanel panel = robot.lookup("#reward-panel").queryAs(RewardPanel.class);
        OnFx.run(() -> Screenshots.save(panel, "reward-panel"));

        robot.clickOn("#nav-chat");
        OnFx.run(() -> chat.showTurn(secondTurn));
        WaitForAsyncUtils.waitForFxEvents();
        Map<Long, Double> second = scoring.scoresOfTurn(set, secondTurn);
        long pick = second.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        OnFx.run(() -> chat.key("A", false));                     // the chat's key handler, as a key press reaches it
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(pick, chat.labelProperty().get().chosenCandidateId());
        assertEquals(pick, studio.labels().find(secondTurn).orElseThrow().chosenCandidateId());
        assertTrue(scoring.isSuggested(secondTurn));
        assertTrue(chat.statusProperty().get().contains("Accepted tiny-reward-vhead@"), chat.statusProperty().get());

        // one click on the worst disagreement opens its turn in the chat
        robot.clickOn("#nav-model");
        javafx.scene.Node link = robot.lookup("#reward-disagreement-0").query();
        OnFx.run(() -> {
            javafx.scene.Parent up = link.getParent();
            while (!(up instanceof javafx.scene.control.ScrollPane) && up != null) {
                up = up.getParent();
            }
            ((javafx.scene.control.ScrollPane) up).setVvalue(1.0);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(link);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(firstTurn, chat.currentTurnProperty().get().id());
        assertTrue(robot.lookup("#chat-view").query().isVisible());
        Screenshots.assertDrawn(OnFx.call(() -> Screenshots.save(window.root().getScene(), "reward-disagreement-opened")));
    }
}
