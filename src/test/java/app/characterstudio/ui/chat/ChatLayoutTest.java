package app.characterstudio.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.characterstudio.ui.MainWindow;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TreeView;
import javafx.scene.text.Text;
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

        List<String> cut = OnFx.call(() -> cutOff(window.root().getScene()));
        Screenshots.assertDrawn(OnFx.call(() -> Screenshots.save(window.root().getScene(), "chat-layout-1280x720")));
        assertEquals(List.of(), cut, "cut off at 1280x720");
    }

    /** Visible labels and controls outside scrolling areas that leave the scene or show elided text. */
    static List<String> cutOff(Scene scene) {
        List<String> found = new ArrayList<>();
        walk(scene.getRoot(), scene, false, found);
        return found;
    }

    /** Inside a scrolling area a node may lie outside the window, but its text must still not be cut short. */
    private static void walk(Node node, Scene scene, boolean scrolled, List<String> found) {
        if (!node.isVisible() || node instanceof TreeView
                || node instanceof javafx.scene.control.ListView || node instanceof javafx.scene.control.TextInputControl) {
            return;
        }
        if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isEmpty()) {
            Bounds b = node.localToScene(node.getBoundsInLocal());
            String name = labeled.getClass().getSimpleName() + (node.getId() == null ? "" : "#" + node.getId())
                    + " \"" + labeled.getText() + "\"";
            if (!scrolled && b.getMaxX() > scene.getWidth() + 1 || b.getMaxY() > scene.getHeight() + 1) {
                found.add(name + " leaves the window (" + (int) b.getMaxX() + "x" + (int) b.getMaxY() + ")");
            }
            labeled.lookupAll(".text").stream().filter(Text.class::isInstance).map(t -> ((Text) t).getText())
                    .filter(shown -> !shown.equals(labeled.getText()) && shown.endsWith(labeled.getEllipsisString()))
                    .findFirst()
                    .ifPresent(shown -> found.add(name + " shows \"" + shown + "\""));
        }
        if (node instanceof Parent parent) {
            boolean inside = scrolled || node instanceof ScrollPane;
            parent.getChildrenUnmodifiable().forEach(child -> walk(child, scene, inside, found));
        }
    }
}
