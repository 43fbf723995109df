package app.characterstudio.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.ui.MainWindow;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Long replies: a card shows its whole reply (the row of cards scrolls, no card cuts its text short), and C
 * puts two replies side by side with what differs marked, Chinese character by character.
 */
@ExtendWith(ApplicationExtension.class)
class ChatCompareTest {
    private static final String LONG_A = "这一段回答很长。".repeat(40) + "我今天去山里练剑，晚上回来。";
    private static final String LONG_B = "这一段回答很长。".repeat(40) + "我明天去山里练刀，晚上回来。";

    @TempDir
    static Path workspaceDir;

    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) throws java.io.IOException {
        this.stage = stage;
        window = ChatRobot.showScripted(stage, Studio.open(Workspace.open(
                java.nio.file.Files.createTempDirectory(workspaceDir, "workspace"))));
    }

    @Test
    void aLongReplyIsShownWholeInItsCard(FxRobot robot) {
        ChatViewModel model = chatWithTwoLongReplies(robot);
        for (int number : List.of(4, 5)) {
            Label text = robot.lookup("#candidate-text-" + number).queryAs(Label.class);
            String shown = OnFx.call(() -> text.lookupAll(".text").stream().filter(Text.class::isInstance)
                    .map(t -> ((Text) t).getText()).collect(Collectors.joining()));
            assertEquals(model.candidates().get(number - 1).text(), shown, "card " + number + " cuts its reply short");
            assertTrue(OnFx.call(() -> text.getHeight() >= text.prefHeight(text.getWidth()) - 1),
                    "card " + number + " is shorter than its reply");
        }
        Screenshots.assertDrawn(OnFx.call(() -> Screenshots.save(window.root().getScene(), "chat-long-replies")));
    }

    @Test
    void cComparesTwoRepliesWithTheirDifferencesMarked(FxRobot robot) {
        ChatViewModel model = chatWithTwoLongReplies(robot);
        robot.clickOn("#chat-candidates");
        robot.type(KeyCode.C);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(model.compareVisibleProperty().get());
        assertTrue(robot.lookup("#chat-compare").query().isVisible());
        assertFalse(robot.lookup("#chat-candidates").query().isVisible());

        ComparePane pane = robot.lookup("#chat-compare").queryAs(ComparePane.class);
        OnFx.run(() -> pane.compare(4, 5));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("今", "剑"), changed(robot.lookup("#compare-left-text").query()));
        assertEquals(List.of("明", "刀"), changed(robot.lookup("#compare-right-text").query()));
        assertEquals("2 characters only in reply 4 · 2 only in reply 5",
                robot.lookup("#compare-summary").queryAs(Label.class).getText());
        assertEquals(LONG_A, OnFx.call(() -> all(robot.lookup("#compare-left-text").query())));

        for (int[] size : new int[][] {{1600, 1000}, {1280, 720}}) {
            OnFx.run(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            List<String> cut = OnFx.call(() -> ChatLayoutTest.cutOff(window.root().getScene()));
            Screenshots.assertDrawn(OnFx.call(() -> Screenshots.save(window.root().getScene(),
                    "chat-compare-" + size[0] + "x" + size[1])));
            assertEquals(List.of(), cut, "cut off at " + size[0] + "x" + size[1]);
        }

        robot.type(KeyCode.C);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#chat-candidates").query().isVisible(), "C again goes back to the cards");
    }

    private ChatViewModel chatWithTwoLongReplies(FxRobot robot) {
        ChatViewModel model = ChatRobot.chatAsAlice(robot, window, "讲讲你明天的安排");
        for (String reply : List.of(LONG_A, LONG_B)) {
            OnFx.run(() -> {
                model.startWrite();
                model.composerTextProperty().set(reply);
                model.saveComposer();
            });
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertEquals(5, model.candidates().size());
        return model;
    }

    private static List<String> changed(Node flow) {
        return OnFx.call(() -> ((TextFlow) flow).getChildren().stream()
                .filter(node -> node.getStyleClass().contains("diff-changed")).map(node -> ((Text) node).getText())
                .toList());
    }

    private static String all(Node flow) {
        return ((TextFlow) flow).getChildren().stream().map(node -> ((Text) node).getText()).collect(Collectors.joining());
    }
}
