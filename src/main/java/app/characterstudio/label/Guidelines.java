package app.characterstudio.label;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The labeling guidelines: a markdown file kept in the workspace, read and written whole. */
public final class Guidelines {
    /** Shown when the workspace has no guidelines yet. */
    public static final String STARTER = """
            # Labeling guidelines

            - Choose the reply that sounds most like the character and answers the user.
            - Reject replies that break character, get the character's facts wrong, or are unsafe.
            - Mark a safety case when the chosen reply refuses or guides, in character.
            """;
    private static final int MAX_CHARACTERS = 1 << 20;

    private final Path file;

    public Guidelines(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The guidelines, or {@link #STARTER} when the file does not exist yet. */
    public String read() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return STARTER;
        } catch (IOException e) {
            throw new LabelException("Cannot read the guidelines " + file + ": " + e.getMessage());
        }
    }

    /** Replaces the guidelines (written under a private name, then renamed: never half-written). */
    public void write(String markdown) {
        if (markdown.length() > MAX_CHARACTERS) {
            throw new LabelException("The guidelines have at most " + MAX_CHARACTERS + " characters; these have "
                    + markdown.length() + ".");
        }
        try {
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".guidelines", ".tmp");
            try {
                Files.writeString(temp, markdown, StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new LabelException("Cannot write the guidelines " + file + ": " + e.getMessage());
        }
    }
}
