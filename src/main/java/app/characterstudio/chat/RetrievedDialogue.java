package app.characterstudio.chat;

import java.util.Objects;

/**
 * A past exchange of the character, prepared for {@code ${simi_dialog}} (speakers under their real
 * names, trimmed after the character's last line).
 *
 * @param text      the block exactly as it goes into the prompt
 * @param source    the script it came from
 * @param firstLine first line number in that script (1-based)
 * @param lastLine  last line number in that script
 * @param score     retrieval score, higher is better
 */
public record RetrievedDialogue(String text, String source, int firstLine, int lastLine, double score) {
    public RetrievedDialogue {
        Objects.requireNonNull(text, "text");
        source = source == null ? "" : source;
    }
}
