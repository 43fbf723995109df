package app.characterstudio.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.store.CandidateDraft;
import app.characterstudio.store.ConversationRepository;
import app.characterstudio.ui.MainWindow;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Hours of labeling in the Chat room: the labeler's name asked once, N goes to the next unlabeled turn
 * across the character's sessions, a progress bar toward the goal, Ctrl+Z undoes the last label, and the
 * guidelines sit beside the replies, edited and saved to guidelines.md.
 */
@ExtendWith(ApplicationExtension.class)
class ChatQueueViewTest {
    @TempDir
    static Path workspaceDir;

    private MainWindow window;
    private Studio studio;
    private Path workspace;
    private final List<Long> turns = new ArrayList<>();

    @Start
    void start(Stage stage) throws java.io.IOException {
        workspace = Files.createTempDirectory(workspaceDir, "workspace");
        studio = Studio.open(Workspace.open(workspace));
        window = ChatRobot.showScripted(stage, studio);
        ConversationRepository conversations = new ConversationRepository(studio.database());
        for (String opening : List.of("第一次见面", "又见面了")) {
            long session = conversations.createSession("sansan", "", "user").id();
            long turn = conversations.addTurn(session, null, opening).id();
            conversations.addCandidates(turn, "b", List.of(CandidateDraft.handWritten("你好呀", null, null, null, null),
                    CandidateDraft.handWritten("嗯。", null, null, null, null)));
            turns.add(turn);
        }
        studio.labels().setGoal("sansan", 4);
    }

    @Test
    void nextUnlabeledAcrossSessionsProgressUndoAndGuidelines(FxRobot robot) throws Exception {
        robot.clickOn("#nav-chat");
        ChatViewModel model = ChatRobot.chatModel(window);
        assertTrue(robot.lookup("#chat-labeler-bar").query().isVisible(), "the labeler's name is asked for");
        robot.clickOn("#chat-labeler-name").write("alice").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#chat-labeler-bar").query().isVisible(), "asked once");
        assertEquals("alice", studio.labels().labeler());

        OnFx.run(() -> model.selectCharacter(model.characters().get(0)));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#chat-candidates");
        robot.type(KeyCode.N);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(turns.get(0), model.currentTurnProperty().get().id(), "the first unlabeled turn, in the older session");
        robot.type(KeyCode.DIGIT1);
        robot.type(KeyCode.N);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(turns.get(1), model.currentTurnProperty().get().id(), "N moves on to the other session");
        assertEquals(new ConversationRepository(studio.database()).turn(turns.get(1)).orElseThrow().sessionId(),
                model.sessionProperty().get().id(), "its session is open");
        robot.type(KeyCode.DIGIT2);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("2 labeled · 0 to label · goal 4 (50%)",
                robot.lookup("#chat-progress").queryAs(javafx.scene.control.Label.class).getText());
        assertEquals(0.5, robot.lookup("#chat-progress-bar").queryAs(ProgressBar.class).getProgress(), 1e-9);
        assertEquals("alice", studio.labels().labelerOf(turns.get(1)).orElseThrow());
        robot.type(KeyCode.N);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(model.statusProperty().get().contains("is labeled"), model.statusProperty().get());
        screenshots(robot, "chat-queue");

        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(studio.labels().find(turns.get(1)).isEmpty(), "Ctrl+Z took the last label back");
        assertEquals("Undone: this turn has no label again.", model.statusProperty().get());
        assertEquals(0.25, robot.lookup("#chat-progress-bar").queryAs(ProgressBar.class).getProgress(), 1e-9);
        assertTrue(studio.labels().find(turns.get(0)).isPresent(), "only the last one");

        TabPane side = robot.lookup(".tab-pane").queryAs(TabPane.class);
        OnFx.run(() -> side.getSelectionModel().select(side.getTabs().stream()
                .filter(tab -> "guidelines-tab".equals(tab.getId())).findFirst().orElseThrow()));
        TextArea guidelines = robot.lookup("#chat-guidelines").queryAs(TextArea.class);
        assertTrue(guidelines.getText().startsWith("# Labeling guidelines"), guidelines.getText());
        assertTrue(robot.lookup("#chat-guidelines-save").query().isDisabled(), "nothing to save yet");
        robot.clickOn(guidelines).press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write("# 三三\n- 语气活泼");
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(studio.labels().find(turns.get(0)).isPresent(), "Ctrl+Z in the guidelines edits text, not labels");
        OnFx.run(() -> guidelines.setText("# 三三\n- 语气活泼\n"));
        robot.clickOn("#chat-guidelines-save");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("# 三三\n- 语气活泼\n", Files.readString(workspace.resolve("guidelines.md")));
        assertEquals("Saved to guidelines.md.", robot.lookup("#chat-guidelines-status")
                .queryAs(javafx.scene.control.Label.class).getText());
        screenshots(robot, "chat-guidelines");
        assertFalse(robot.lookup("#chat-labeler-bar").query().isVisible(), "the name is not asked again");
    }

    private void screenshots(FxRobot robot, String name) {
        for (double[] size : new double[][] {{1600, 1000}, {1280, 720}}) {
            OnFx.run(() -> {
                javafx.stage.Window stage = window.root().getScene().getWindow();
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(OnFx.call(() -> {
                javafx.geometry.Bounds bar = robot.lookup("#chat-progress-bar").query().localToScene(
                        robot.lookup("#chat-progress-bar").query().getBoundsInLocal());
                return bar.getMaxX() <= window.root().getScene().getWidth() + 1;
            }), "the progress bar is not cut off at " + size[0] + "x" + size[1]);
            OnFx.call(() -> Screenshots.save(window.root().getScene(), name + "-" + (int) size[0] + "x" + (int) size[1]));
        }
    }
}
