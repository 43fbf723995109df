package app.characterstudio.workspace;

import app.characterstudio.StudioException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One workspace folder: persona sheets under {@code characters/}, model folders under {@code models/},
 * the SQLite database, the derived Lucene index and dataset exports.
 */
public record Workspace(Path root) {
    public Workspace {
        root = root.toAbsolutePath().normalize();
    }

    /** Opens (and creates where missing) the folders of a workspace rooted at {@code root}. */
    public static Workspace open(Path root) {
        Workspace workspace = new Workspace(root);
        if (Files.exists(workspace.root()) && !Files.isDirectory(workspace.root())) {
            throw new StudioException("Workspace " + workspace.root() + " is a file, not a folder.");
        }
        try {
            Files.createDirectories(workspace.charactersDir());
            Files.createDirectories(workspace.modelsDir());
        } catch (IOException e) {
            throw new StudioException("Cannot create the workspace folders under " + workspace.root()
                    + ": " + e.getMessage(), e);
        }
        return workspace;
    }

    public Path charactersDir() {
        return root.resolve("characters");
    }

    public Path modelsDir() {
        return root.resolve("models");
    }

    public Path databaseFile() {
        return root.resolve("studio.db");
    }

    public Path indexDir() {
        return root.resolve("index");
    }

    /** The labeling guidelines, markdown. */
    public Path guidelinesFile() {
        return root.resolve("guidelines.md");
    }

    public Path exportsDir() {
        return root.resolve("exports");
    }
}
