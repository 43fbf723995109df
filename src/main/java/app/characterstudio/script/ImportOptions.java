package app.characterstudio.script;

import java.util.Optional;

/**
 * How to read script files.
 *
 * @param format     null to detect from the extension and content
 * @param speakerColumn a CSV/TSV header name or 1-based column number; null to detect
 * @param textColumn    likewise for the utterance column
 * @param window     how many preceding lines of its scene an exchange keeps as context
 */
public record ImportOptions(ScriptEncoding encoding, ScriptFormat format, String speakerColumn, String textColumn,
                            SceneRule sceneRule, int window) {
    public static final int DEFAULT_WINDOW = 6;

    public ImportOptions {
        encoding = encoding == null ? ScriptEncoding.AUTO : encoding;
        sceneRule = sceneRule == null ? SceneRule.DEFAULT : sceneRule;
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, was " + window);
        }
    }

    public static ImportOptions defaults() {
        return new ImportOptions(ScriptEncoding.AUTO, null, null, null, SceneRule.DEFAULT, DEFAULT_WINDOW);
    }

    public ImportOptions withEncoding(ScriptEncoding value) {
        return new ImportOptions(value, format, speakerColumn, textColumn, sceneRule, window);
    }

    public ImportOptions withFormat(ScriptFormat value) {
        return new ImportOptions(encoding, value, speakerColumn, textColumn, sceneRule, window);
    }

    public ImportOptions withColumns(String speaker, String text) {
        return new ImportOptions(encoding, format, speaker, text, sceneRule, window);
    }

    public ImportOptions withSceneRule(SceneRule value) {
        return new ImportOptions(encoding, format, speakerColumn, textColumn, value, window);
    }

    public ImportOptions withWindow(int value) {
        return new ImportOptions(encoding, format, speakerColumn, textColumn, sceneRule, value);
    }

    public Optional<ScriptFormat> chosenFormat() {
        return Optional.ofNullable(format);
    }
}
