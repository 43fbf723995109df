package app.characterstudio.ui;

import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Scrolls a scroll pane so that a node inside it is on screen: a robot click lands on screen coordinates. */
public final class ScrollIntoView {
    private ScrollIntoView() {
    }

    /** Scrolls the scroll pane found by {@code scrollQuery} until {@code node} is in view. */
    public static void scroll(FxRobot robot, String scrollQuery, Node node) {
        OnFx.run(() -> {
            ScrollPane scroll = robot.lookup(scrollQuery).query();
            scroll.layout();
            Node content = scroll.getContent();
            double y = content.sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMinY();
            double room = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
            scroll.setVvalue(room <= 0 ? 0 : Math.min(1, Math.max(0, y - 40) / room));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
