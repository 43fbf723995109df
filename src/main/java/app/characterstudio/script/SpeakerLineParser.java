package app.characterstudio.script;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one screenplay line: {@code Speaker：utterance} or {@code Speaker:utterance}. Stage
 * directions in {@code （…）} or {@code (…)} are taken out of the utterance into the direction,
 * so retrieval and prompts see only what is said; {@code 「…」} or {@code “…”} around the whole
 * utterance are dropped. A line with no speaker, or spoken by {@code 旁白}/narrator, is narration.
 */
public final class SpeakerLineParser {
    private static final Pattern SPEAKER_LINE = Pattern.compile(
            "^\\s*([^\\s:：，。！？,.!?「」“”\"（）()\\[\\]【】]{1,20}?)\\s*((?:[（(][^）)]{0,30}[）)])?)\\s*[:：]\\s*(.*)$");
    private static final Pattern DIRECTION = Pattern.compile("[（(]([^）)]*)[）)]");
    private static final Set<String> NARRATORS = Set.of("旁白", "画外音", "narrator", "narration", "NARRATOR", "Narrator");

    private SpeakerLineParser() {
    }

    /** The parsed line; {@code speaker} is empty for narration. */
    public record Parsed(String speaker, String text, String direction) {
    }

    public static Parsed parse(String rawLine) {
        String line = rawLine.strip();
        int colon = speakerColon(line);
        if (colon > 0) {
            Matcher matcher = SPEAKER_LINE.matcher(line);
            if (matcher.matches() && plausibleSpeaker(matcher.group(1), matcher.group(3))
                    && !matcher.group(3).startsWith("//")) {
                String speaker = matcher.group(1);
                String direction = strip(matcher.group(2));
                Parsed utterance = utterance(matcher.group(3), direction);
                return new Parsed(isNarrator(speaker) ? "" : speaker, utterance.text(), utterance.direction());
            }
        }
        Parsed narration = utterance(line, "");
        if (narration.text().isEmpty() && !narration.direction().isEmpty()) {
            // A line that is only a stage direction is narration of what happens.
            return new Parsed("", narration.direction(), "");
        }
        return narration;
    }

    /** Index of the first colon close enough to the start to end a speaker name (and its direction), or -1. */
    private static int speakerColon(String line) {
        int limit = Math.min(line.length(), 56);
        for (int i = 0; i < limit; i++) {
            char c = line.charAt(i);
            if (c == '：' || c == ':') {
                return i;
            }
        }
        return -1;
    }

    /** An utterance whose speaker is known elsewhere (a CSV column, a JSON field): directions and quotes only. */
    public static Parsed utteranceOnly(String raw) {
        return utterance(raw.strip(), "");
    }

    /** Not a number, and not the hour of a time such as {@code 12:30}. */
    private static boolean plausibleSpeaker(String speaker, String rest) {
        boolean time = Character.isDigit(speaker.charAt(speaker.length() - 1))
                && !rest.isEmpty() && Character.isDigit(rest.charAt(0));
        return !time && !speaker.chars().allMatch(Character::isDigit);
    }

    /** {@code 旁白}, {@code narrator} and the like speak for no character. */
    public static boolean isNarrator(String speaker) {
        return NARRATORS.contains(speaker.strip());
    }

    private static Parsed utterance(String raw, String direction) {
        if (raw.indexOf('（') < 0 && raw.indexOf('(') < 0) {
            return new Parsed("", unquote(raw.strip()), direction);
        }
        StringBuilder directions = new StringBuilder(direction);
        Matcher matcher = DIRECTION.matcher(raw);
        StringBuilder text = new StringBuilder();
        while (matcher.find()) {
            if (!directions.isEmpty()) {
                directions.append("；");
            }
            directions.append(matcher.group(1).strip());
            matcher.appendReplacement(text, "");
        }
        matcher.appendTail(text);
        return new Parsed("", unquote(text.toString().strip()), directions.toString());
    }

    private static String unquote(String text) {
        if (text.length() >= 2 && (text.startsWith("「") && text.endsWith("」")
                || text.startsWith("“") && text.endsWith("”")
                || text.startsWith("『") && text.endsWith("』"))) {
            String inner = text.substring(1, text.length() - 1);
            if (inner.indexOf(text.charAt(0)) < 0) {
                return inner.strip();
            }
        }
        return text;
    }

    private static String strip(String direction) {
        return direction == null || direction.isEmpty() ? "" : direction.substring(1, direction.length() - 1).strip();
    }
}
