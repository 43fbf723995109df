package app.characterstudio.ui.kit;

import javafx.scene.Node;

/** One screen of the main window, listed in its sidebar. */
public interface StudioView {
    /** The label in the sidebar. */
    String title();

    Node node();

    /** Whether the view may be left (e.g. it has saved or discarded its changes). */
    default boolean confirmLeave() {
        return true;
    }

    /** Releases what the view holds when the window closes. */
    default void close() {
    }
}
