package app.characterstudio.ui.chat;

import app.characterstudio.ui.MainWindow;
import app.characterstudio.ui.OnFx;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** What the chat TestFX flows do again and again. */
final class ChatRobot {
    private ChatRobot() {
    }

    /** Types {@code text} into the message box and sends it with Enter. */
    static void typeMessage(FxRobot robot, String text) {
        TextField message = robot.lookup("#chat-message").queryAs(TextField.class);
        OnFx.run(() -> message.setText(text));
        robot.clickOn(message).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    static ChatViewModel chatModel(MainWindow window) {
        return window.views().stream().filter(v -> v instanceof ChatView).map(v -> ((ChatView) v).model())
                .findFirst().orElseThrow();
    }
}
