package app.characterstudio.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.characterstudio.ui.MainWindow;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Chat room at 1280x720 with replies, labels and the token view open: every control and label outside a
 * scrolling area lies inside the window, and none (scrolling or not, the tree's rows aside) shows its text cut
 * short (elided).
 */
@ExtendWith(ApplicationExtension.class)
class ChatLayoutTest {
    @TempDir
    static Path workspaceDir;

    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = ChatRobot.showScripted(stage, Studio.open(Workspace.open(workspaceDir)));
    }

    @Test
    void theChatRoomAt1280x720CutsNothingOff(FxRobot robot) {
        OnFx.run(() -> {
            stage.setWidth(1280);
            stage.setHeight(720);
        });
        ChatRobot.chatAsAlice(robot, window, "你好，今天做什么");
        robot.clickOn("#chat-candidates");
        robot.type(javafx.scene.input.KeyCode.DIGIT1);
        robot.clickOn("#tokens-1");
        WaitForAsyncUtils.waitForFxEvents();

        List<String> cut = OnFx.call(() -> app.characterstudio.ui.LayoutCheck.cutOff(window.root().getScene()));
        Screenshots.assertDrawn(OnFx.call(() -> Screenshots.save(window.root().getScene(), "chat-layout-1280x720")));
        assertEquals(List.of(), cut, "cut off at 1280x720");
    }
}
