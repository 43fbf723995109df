package app.characterstudio.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.TitledPane;
import javafx.scene.control.TreeView;
import javafx.scene.text.Text;

/**
 * What a window cuts off (call on the FX thread): every visible label and control outside a scrolling area must
 * lie inside the scene, and none (scrolling or not; list and tree rows and collapsed panes aside) may show its
 * text cut short.
 */
public final class LayoutCheck {
    private LayoutCheck() {
    }

    /** Visible labels and controls outside scrolling areas that leave the scene or show elided text. */
    public static List<String> cutOff(Scene scene) {
        List<String> found = new ArrayList<>();
        walk(scene.getRoot(), scene, false, found);
        return found;
    }

    /** Inside a scrolling area a node may lie outside the window, but its text must still not be cut short. */
    private static void walk(Node node, Scene scene, boolean scrolled, List<String> found) {
        if (!node.isVisible() || node instanceof TreeView || node instanceof ListView || node instanceof TextInputControl) {
            return;
        }
        if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isEmpty()) {
            Bounds b = node.localToScene(node.getBoundsInLocal());
            String name = labeled.getClass().getSimpleName() + (node.getId() == null ? "" : "#" + node.getId())
                    + " \"" + labeled.getText() + "\"";
            if (!scrolled && (b.getMaxX() > scene.getWidth() + 1 || b.getMaxY() > scene.getHeight() + 1)) {
                found.add(name + " leaves the window (" + (int) b.getMaxX() + "x" + (int) b.getMaxY() + ")");
            }
            labeled.lookupAll(".text").stream().filter(Text.class::isInstance).filter(t -> owner(t) == labeled)
                    .map(t -> ((Text) t).getText())
                    .filter(shown -> !shown.equals(labeled.getText()) && shown.endsWith(labeled.getEllipsisString()))
                    .findFirst()
                    .ifPresent(shown -> found.add(name + " shows \"" + shown + "\""));
        }
        if (node instanceof Parent parent) {
            boolean inside = scrolled || node instanceof ScrollPane;
            Node hidden = node instanceof TitledPane titled && !titled.isExpanded() ? titled.getContent() : null;
            parent.getChildrenUnmodifiable().stream().filter(child -> !isWithin(hidden, child))
                    .forEach(child -> walk(child, scene, inside, found));
        }
    }

    /** The nearest labeled control drawing {@code text} (a label inside a titled pane draws its own text). */
    private static Node owner(Node text) {
        Node up = text.getParent();
        while (up != null && !(up instanceof Labeled)) {
            up = up.getParent();
        }
        return up;
    }

    /** Whether {@code child} is {@code content} or holds it (a collapsed pane's content is not on screen). */
    private static boolean isWithin(Node content, Node child) {
        for (Node n = content; n != null; n = n.getParent()) {
            if (n == child) {
                return true;
            }
        }
        return false;
    }
}
