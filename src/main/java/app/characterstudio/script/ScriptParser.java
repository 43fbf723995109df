package app.characterstudio.script;

import java.util.List;

/** Reads the decoded text of one script file into utterances and scene breaks, keeping line numbers. */
public interface ScriptParser {
    /**
     * @param fileName for error messages
     * @throws ScriptFormatException naming the file and line when the text does not fit the format
     */
    List<ParsedEntry> parse(String text, String fileName, ImportOptions options);
}
