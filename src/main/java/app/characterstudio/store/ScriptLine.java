package app.characterstudio.store;

/**
 * One line of a script as stored: a speaker's utterance, or narration (empty speaker).
 *
 * @param scene      1-based scene number within its source
 * @param lineNumber 1-based line in the source file where the line starts
 * @param direction  stage directions taken out of the utterance, e.g. {@code 笑}; empty for none
 */
public record ScriptLine(int scene, int lineNumber, String speaker, String text, String direction) {
    public ScriptLine {
        speaker = speaker == null ? "" : speaker;
        text = text == null ? "" : text;
        direction = direction == null ? "" : direction;
    }

    public boolean isNarration() {
        return speaker.isEmpty();
    }
}
