package app.characterstudio.workspace;

import app.characterstudio.StudioException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which folder the studio works on. {@code --workspace} always wins. Run from source ({@code ./studio}) the
 * default is the current folder. Installed, the default is the last workspace the window opened, else
 * {@link Installation#defaultWorkspace()}, created with the sample characters on first start.
 */
public final class WorkspaceChoice {
    static final String LAST_WORKSPACE_FILE = "last-workspace";

    private final Installation installation;

    public WorkspaceChoice(Installation installation) {
        this.installation = installation;
    }

    /** The folder to open: {@code explicit} when given, else the default of this installation. */
    public Path choose(Optional<Path> explicit) {
        if (explicit.isPresent()) {
            return explicit.get();
        }
        if (!installation.installed()) {
            return Path.of(".");
        }
        Optional<Path> last = lastWorkspace();
        if (last.isPresent()) {
            return last.get();
        }
        Path fresh = installation.defaultWorkspace();
        if (!Files.exists(fresh)) {
            createWithSamples(fresh);
        }
        return fresh;
    }

    /** The workspace the window last opened, when it still exists. */
    public Optional<Path> lastWorkspace() {
        Path file = installation.settingsDir().resolve(LAST_WORKSPACE_FILE);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return Optional.empty();
            }
            Path last = Path.of(text);
            return Files.isDirectory(last) ? Optional.of(last) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            // An unreadable or garbled settings file is forgotten, not fatal: the default folder opens instead.
            return Optional.empty();
        }
    }

    /** Remembers {@code workspace} as the last one (installed studios only; a source run changes nothing). */
    public void remember(Workspace workspace) {
        if (!installation.installed()) {
            return;
        }
        Path dir = installation.settingsDir();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, LAST_WORKSPACE_FILE, ".tmp");
            Files.writeString(tmp, workspace.root().toString() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(LAST_WORKSPACE_FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StudioException("Cannot remember the workspace in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void createWithSamples(Path root) {
        Workspace workspace = Workspace.open(root);
        Optional<Path> samples = installation.samples().filter(Files::isDirectory);
        if (samples.isEmpty()) {
            return;
        }
        try {
            copyTree(samples.get(), workspace.charactersDir());
        } catch (IOException e) {
            throw new StudioException("Cannot copy the sample characters from " + samples.get() + " to "
                    + workspace.charactersDir() + ": " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!Files.exists(target)) {
                    Files.copy(source, target);
                }
            }
        }
    }
}
