package app.characterstudio.script;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SubRip subtitles: numbered cues with a {@code 00:01:02,500 --> 00:01:04,000} timing line. Cues
 * carry no speakers (a cue line written {@code Speaker：text} keeps its speaker); a pause of
 * {@link #SCENE_GAP_MS} or more between cues starts a scene.
 */
final class SrtParser implements ScriptParser {
    static final long SCENE_GAP_MS = 5_000;
    private static final Pattern TIMING = Pattern.compile(
            "^\\s*(\\d{1,2}):(\\d{2}):(\\d{2})[,.](\\d{1,3})\\s*-->\\s*(\\d{1,2}):(\\d{2}):(\\d{2})[,.](\\d{1,3}).*$");
    private static final Pattern TAG = Pattern.compile("<[^>]{1,40}>|\\{\\\\[^}]*}");

    @Override
    public List<ParsedEntry> parse(String text, String fileName, ImportOptions options) {
        List<ParsedEntry> entries = new ArrayList<>();
        List<String> lines = text.lines().toList();
        long previousEnd = Long.MIN_VALUE;
        boolean inCue = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher timing = TIMING.matcher(line);
            if (timing.matches()) {
                long start = millis(timing, 1);
                if (previousEnd != Long.MIN_VALUE && start - previousEnd >= SCENE_GAP_MS) {
                    entries.add(ParsedEntry.heading(i + 1, ""));
                }
                previousEnd = millis(timing, 5);
                inCue = true;
            } else if (line.isBlank()) {
                inCue = false;
            } else if (inCue) {
                String clean = TAG.matcher(line).replaceAll("").replaceFirst("^\\s*-\\s*", "");
                SpeakerLineParser.Parsed parsed = SpeakerLineParser.parse(clean);
                if (!parsed.text().isEmpty()) {
                    entries.add(ParsedEntry.utterance(i + 1, parsed.speaker(), parsed.text(), parsed.direction()));
                }
            } else if (!line.strip().matches("\\d+")) {
                throw new ScriptFormatException(fileName + " line " + (i + 1)
                        + ": expected a cue number or a timing line like 00:00:01,000 --> 00:00:02,000.");
            }
        }
        return entries;
    }

    private static long millis(Matcher m, int group) {
        String fraction = (m.group(group + 3) + "00").substring(0, 3);
        return ((Long.parseLong(m.group(group)) * 60 + Long.parseLong(m.group(group + 1))) * 60
                + Long.parseLong(m.group(group + 2))) * 1000 + Long.parseLong(fraction);
    }
}
