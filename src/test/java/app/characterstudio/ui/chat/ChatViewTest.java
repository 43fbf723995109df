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
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The whole chat flow in the window: type, get candidates, choose, reject, edit, branch, inspect. */
@ExtendWith(ApplicationExtension.class)
class ChatViewTest {
    @TempDir
    static Path workspaceDir;

    private MainWindow window;

    @Start
    void start(Stage stage) {
        Studio studio = Studio.open(Workspace.open(workspaceDir));
        window = ChatRobot.showScripted(stage, studio);
    }

    @Test
    void typeGetCandidatesChooseRejectEditBranchAndInspect(FxRobot robot) {
        robot.clickOn("#nav-chat");
        ComboBox<?> characters = robot.lookup("#chat-character").queryAs(ComboBox.class);
        OnFx.run(() -> characters.getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        ChatViewModel model = ChatRobot.chatModel(window);
        assertEquals(ChatViewModel.State.READY, model.state());

        ChatRobot.typeMessage(robot, "你好，三三");
        assertEquals(3, robot.lookup(".candidate-card").queryAll().size());
        assertEquals("回复1-1，你好呀", robot.lookup("#candidate-text-2").queryAs(Label.class).getText());

        robot.type(KeyCode.DIGIT2);
        robot.type(KeyCode.X).type(KeyCode.DIGIT1);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#candidate-2").query().getStyleClass().contains("chosen"));
        assertTrue(robot.lookup("#candidate-1").query().getStyleClass().contains("rejected"));
        assertEquals("Reasons about the rejected reply [1] (why it is worse):",
                robot.lookup("#reasons-scope").queryAs(Label.class).getText());
        robot.clickOn("#reason-bland");
        assertEquals(java.util.Set.of(app.characterstudio.label.ReasonTag.BLAND), model.labelProperty().get()
                .reasonsFor(model.candidates().get(0).candidate().id()), "the reason is about the rejected reply 1");
        assertTrue(model.labelProperty().get().reasons().isEmpty(), "not about the whole turn");

        robot.clickOn("#chat-candidates");
        robot.type(KeyCode.E);
        TextArea composer = robot.lookup("#chat-composer").queryAs(TextArea.class);
        assertTrue(composer.getParent().isVisible());
        assertEquals("回复1-1，你好呀", composer.getText());
        OnFx.run(() -> composer.setText("你好呀！今天也要开心哦"));
        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(4, robot.lookup(".candidate-card").queryAll().size());
        assertFalse(composer.getParent().isVisible());

        robot.clickOn("#chat-candidates");
        robot.type(KeyCode.DIGIT4).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(ChatViewModel.State.READY, model.state());
        ChatRobot.typeMessage(robot, "今天做什么");
        assertEquals("你好呀！今天也要开心哦", model.path().get(1).text());
        robot.type(KeyCode.DIGIT1);

        robot.clickOn("#chat-candidates");
        robot.type(KeyCode.B);
        TextField message = robot.lookup("#chat-message").queryAs(TextField.class);
        assertEquals("今天做什么", message.getText());
        OnFx.run(() -> message.setText("今天想做什么呢"));
        robot.clickOn(message).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        long edited = model.path().get(0).turnId();
        assertEquals(2, model.conversationProperty().get().turnsAfter(
                model.conversationProperty().get().candidatesOf(edited).get(3).id()).size());
        TreeView<?> tree = robot.lookup("#conversation-tree").queryAs(TreeView.class);
        assertEquals(1, tree.getRoot().getChildren().size());

        robot.clickOn("#chat-candidates");
        robot.type(KeyCode.DIGIT3);
        robot.clickOn("#tokens-3");
        WaitForAsyncUtils.waitForFxEvents();
        java.util.Set<Label> chips = robot.lookup(".token-chip").queryAllAs(Label.class);
        assertFalse(chips.isEmpty(), "the token view of reply 3 is open");
        chips.forEach(chip -> assertTrue(chip.getText().matches("(?s).* (<0\\.1|\\d{1,3}\\.\\d)%"),
                "probabilities read in percent: " + chip.getText()));
        robot.clickOn("#prompt-3");
        WaitForAsyncUtils.waitForFxEvents();
        String prompt = robot.lookup("#prompt-text").queryAs(TextArea.class).getText();
        assertTrue(prompt.endsWith("user:今天想做什么呢\n三三:"), prompt);
        assertTrue(robot.lookup("#prompt-summary").queryAs(Label.class).getText().contains("2 script exchanges"));
        assertTrue(robot.lookup("#chat-progress").queryAs(Label.class).getText().equals("3 labeled · 0 to label"),
                robot.lookup("#chat-progress").queryAs(Label.class).getText());

        Path shot = OnFx.call(() -> Screenshots.save(window.root().getScene(), "chat-view"));
        Path inspector = OnFx.call(() -> Screenshots.save(robot.lookup("#prompt-inspector").query(), "prompt-inspector"));
        Screenshots.assertDrawn(shot, inspector);

        robot.clickOn("#chat-candidates");
        robot.type(KeyCode.F1);
        Node help = robot.lookup("#chat-help").query();
        assertTrue(help.isVisible());
        OnFx.call(() -> Screenshots.save(window.root().getScene(), "chat-help"));
        robot.type(KeyCode.ESCAPE);
        assertFalse(help.isVisible());
    }
}
