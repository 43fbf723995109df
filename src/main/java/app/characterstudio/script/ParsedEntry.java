package app.characterstudio.script;

/**
 * What a parser sees in a file, before scenes are numbered: an utterance, or a possible scene break.
 *
 * <p>A {@link Kind#HEADING} break always starts a new scene (scene heading, a CSV dialogue cell,
 * a JSON array, a long pause in subtitles); a {@link Kind#BLANK} break does when the scene rule
 * splits on blank lines.
 */
public record ParsedEntry(Kind kind, int lineNumber, String speaker, String text, String direction) {
    public enum Kind { UTTERANCE, BLANK, HEADING }

    public static ParsedEntry utterance(int lineNumber, String speaker, String text, String direction) {
        return new ParsedEntry(Kind.UTTERANCE, lineNumber, speaker, text, direction);
    }

    public static ParsedEntry blank(int lineNumber) {
        return new ParsedEntry(Kind.BLANK, lineNumber, "", "", "");
    }

    public static ParsedEntry heading(int lineNumber, String text) {
        return new ParsedEntry(Kind.HEADING, lineNumber, "", text, "");
    }
}
