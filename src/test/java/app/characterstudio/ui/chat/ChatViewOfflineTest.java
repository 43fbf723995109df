package app.characterstudio.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.chat.ChatFixtures;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.ui.kit.Styles;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** With no model loaded (the studio's default), replies are written by hand and labeled. */
@ExtendWith(ApplicationExtension.class)
class ChatViewOfflineTest {
    @TempDir
    static Path workspaceDir;

    private ChatView view;

    @Start
    void start(Stage stage) {
        Studio studio = Studio.open(Workspace.open(workspaceDir));
        studio.personas().save(ChatFixtures.sansan());
        view = new ChatView(new ChatServices(studio::chat, studio::labels, studio.personas(), studio.guidelines(),
                studio::rewardScoring, studio::chatReplies, studio::backends), TaskExecutor.currentThread());
        Scene scene = new Scene((javafx.scene.Parent) view.node(), 1200, 760);
        Styles.apply(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void aReplyIsWrittenByHandChosenAndTheConversationGoesOn(FxRobot robot) {
        assertTrue(robot.lookup("#chat-model-status").queryAs(Label.class).getText().startsWith("No model loaded"));
        ComboBox<?> characters = robot.lookup("#chat-character").queryAs(ComboBox.class);
        OnFx.run(() -> characters.getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        TextField message = robot.lookup("#chat-message").queryAs(TextField.class);
        OnFx.run(() -> message.setText("你好，你是谁？"));
        robot.clickOn(message).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#chat-status").queryAs(Label.class).getText().contains("write the reply by hand"));

        robot.clickOn("#chat-write");
        TextArea composer = robot.lookup("#chat-composer").queryAs(TextArea.class);
        OnFx.run(() -> composer.setText("我是三三，一个活泼的学生！"));
        robot.clickOn("#chat-composer-save");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("written by hand", view.model().candidates().get(0).originText());

        robot.clickOn("#chat-candidates");
        robot.type(KeyCode.DIGIT1).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(message.isFocused());
        OnFx.run(() -> message.setText("你喜欢什么？"));
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(3, view.model().path().size());
        assertEquals("1 labeled · 0 to label", robot.lookup("#chat-progress").queryAs(Label.class).getText());
        String summary = robot.lookup("#prompt-summary").queryAs(Label.class).getText();
        assertTrue(summary.contains("estimated from characters"), summary);
        OnFx.call(() -> Screenshots.save(view.node().getScene(), "chat-view-offline"));
    }
}
