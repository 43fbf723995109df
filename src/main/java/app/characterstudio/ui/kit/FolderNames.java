package app.characterstudio.ui.kit;

import java.nio.file.Path;
import javafx.util.StringConverter;

/** Shows a folder in a choice box by its name only (model folders under models/). */
public final class FolderNames extends StringConverter<Path> {
    @Override
    public String toString(Path path) {
        return path == null ? "" : path.getFileName().toString();
    }

    @Override
    public Path fromString(String text) {
        return null;
    }
}
