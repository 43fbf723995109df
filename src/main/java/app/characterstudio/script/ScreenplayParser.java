package app.characterstudio.script;

import java.util.ArrayList;
import java.util.List;

/** Plain screenplay text: one {@code Speaker：utterance} or narration line per line. */
final class ScreenplayParser implements ScriptParser {
    @Override
    public List<ParsedEntry> parse(String text, String fileName, ImportOptions options) {
        List<ParsedEntry> entries = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.lines().toList()) {
            lineNumber++;
            if (line.isBlank()) {
                entries.add(ParsedEntry.blank(lineNumber));
            } else if (options.sceneRule().isHeading(line)) {
                entries.add(ParsedEntry.heading(lineNumber, line.strip()));
            } else {
                SpeakerLineParser.Parsed parsed = SpeakerLineParser.parse(line);
                if (!parsed.text().isEmpty()) {
                    entries.add(ParsedEntry.utterance(lineNumber, parsed.speaker(), parsed.text(), parsed.direction()));
                }
            }
        }
        return entries;
    }
}
