package app.characterstudio.ui.export;

import java.awt.Desktop;
import java.io.IOException;
import java.nio.file.Path;

/** Shows a folder in the system's file browser. */
@FunctionalInterface
public interface FolderOpener {
    /** @throws IOException when there is no file browser to show it (a headless or bare desktop) */
    void open(Path folder) throws IOException;

    /** The desktop's file browser (java.awt.Desktop); refuses where the platform has none. */
    static FolderOpener desktop() {
        return folder -> {
            if (!Desktop.isDesktopSupported() || !Desktop.getDesktop().isSupported(Desktop.Action.OPEN)) {
                throw new IOException("this desktop has no file browser to open folders with");
            }
            Desktop.getDesktop().open(folder.toFile());
        };
    }
}
