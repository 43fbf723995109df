package app.characterstudio.ui.chat;

import app.characterstudio.chat.ChatFixtures;
import app.characterstudio.chat.ChatPorts;
import app.characterstudio.chat.ScriptedReplyGenerator;
import app.characterstudio.ui.MainWindow;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.kit.Styles;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** What the chat TestFX flows do again and again. */
final class ChatRobot {
    private ChatRobot() {
    }

    /** Shows the window on {@code studio} with 三三 saved and the scripted model and retriever as its chat ports. */
    static MainWindow showScripted(Stage stage, Studio studio) {
        return showScripted(stage, studio, TaskExecutor.currentThread());
    }

    /** The same, the window's background work given to {@code executor}. */
    static MainWindow showScripted(Stage stage, Studio studio, TaskExecutor executor) {
        studio.personas().save(ChatFixtures.sansan());
        studio.useChatPorts(new ChatPorts(new ScriptedReplyGenerator(), ChatFixtures.ONE_TOKEN_PER_CHARACTER,
                new ChatFixtures.FixedRetriever()));
        MainWindow window = new MainWindow(studio, executor);
        Scene scene = new Scene(window.root(), 1400, 860);
        Styles.apply(scene);
        stage.setScene(scene);
        stage.show();
        return window;
    }

    /** Types {@code text} into the message box and sends it with Enter. */
    static void typeMessage(FxRobot robot, String text) {
        TextField message = robot.lookup("#chat-message").queryAs(TextField.class);
        OnFx.run(() -> message.setText(text));
        robot.clickOn(message).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Opens the Chat room labeling as alice on the first character and sends {@code message}. */
    static ChatViewModel chatAsAlice(FxRobot robot, MainWindow window, String message) {
        robot.clickOn("#nav-chat");
        ChatViewModel model = chatModel(window);
        OnFx.run(() -> {
            model.setLabeler("alice", () -> { });
            model.selectCharacter(model.characters().get(0));
        });
        WaitForAsyncUtils.waitForFxEvents();
        typeMessage(robot, message);
        return model;
    }

    static ChatViewModel chatModel(MainWindow window) {
        return window.views().stream().filter(v -> v instanceof ChatView).map(v -> ((ChatView) v).model())
                .findFirst().orElseThrow();
    }
}
