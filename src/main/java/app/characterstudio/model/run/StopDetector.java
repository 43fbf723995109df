package app.characterstudio.model.run;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches one candidate's text for the end of the reply (a stop string, or a new {@code speaker:} line) and
 * releases only text that cannot become part of one, so what was streamed always equals the final text.
 */
final class StopDetector {
    /** A line that starts with a short name then a colon (ASCII or full-width) ends the reply. */
    static final int MAX_SPEAKER_NAME = 24;
    private static final Pattern SPEAKER_LINE = Pattern.compile("\n[^\n:：]{1," + MAX_SPEAKER_NAME + "}[:：]");

    private final List<String> stopStrings;
    private final boolean speakerLines;
    private final StringBuilder text = new StringBuilder();
    private int released;
    private int stopAt = -1;

    StopDetector(List<String> stopStrings, boolean speakerLines) {
        this.stopStrings = stopStrings;
        this.speakerLines = speakerLines;
    }

    /** Adds decoded text; returns the text now safe to show. */
    String accept(String delta) {
        if (stopped()) {
            return "";
        }
        text.append(delta);
        int stop = findStop();
        int until = stop >= 0 ? stop : Math.max(released, safeLength());
        if (stop >= 0) {
            stopAt = stop;
        }
        String out = text.substring(released, until);
        released = until;
        return out;
    }

    boolean stopped() {
        return stopAt >= 0;
    }

    /** At the end of generation: everything not yet released (nothing if a stop was found). */
    String flush() {
        if (stopped()) {
            return "";
        }
        String out = text.substring(released);
        released = text.length();
        return out;
    }

    String finalText() {
        return stopped() ? text.substring(0, stopAt) : text.toString();
    }

    private int findStop() {
        int best = -1;
        for (String stop : stopStrings) {
            int at = text.indexOf(stop, released);
            if (at >= released && (best < 0 || at < best)) {
                best = at;
            }
        }
        if (speakerLines) {
            Matcher matcher = SPEAKER_LINE.matcher(text);
            if (matcher.find(released) && (best < 0 || matcher.start() < best)) {
                best = matcher.start();
            }
        }
        return best;
    }

    /** Length of the text that no stop can start in: holds back a pending stop-string prefix or speaker line. */
    private int safeLength() {
        String current = text.toString();
        int safe = current.length();
        for (String stop : stopStrings) {
            for (int len = Math.min(stop.length() - 1, current.length()); len > 0; len--) {
                if (current.regionMatches(current.length() - len, stop, 0, len)) {
                    safe = Math.min(safe, current.length() - len);
                    break;
                }
            }
        }
        if (speakerLines) {
            int newline = current.lastIndexOf('\n');
            if (newline >= 0) {
                String tail = current.substring(newline + 1);
                boolean couldBeName = tail.length() <= MAX_SPEAKER_NAME && tail.indexOf(':') < 0 && tail.indexOf('：') < 0;
                if (couldBeName) {
                    safe = Math.min(safe, newline);
                }
            }
        }
        return safe;
    }
}
