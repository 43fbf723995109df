package app.characterstudio.eval;

import java.util.HashMap;
import java.util.Map;

/**
 * Scores of a reply against the reference line, on characters (Chinese has no spaces to split words at): whitespace
 * is ignored, every other code point is a token.
 */
public final class TextScores {
    private TextScores() {
    }

    /** Character-level F1: the harmonic mean of the shared characters' precision and recall (multiset overlap). */
    public static double charF1(String reply, String reference) {
        int[] a = tokens(reply);
        int[] b = tokens(reference);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int c : b) {
            counts.merge(c, 1, Integer::sum);
        }
        int common = 0;
        for (int c : a) {
            Integer left = counts.get(c);
            if (left != null && left > 0) {
                common++;
                counts.put(c, left - 1);
            }
        }
        return f1(common, a.length, b.length);
    }

    /** ROUGE-L F1 on characters: the longest common subsequence over the reply's and the reference's lengths. */
    public static double rougeL(String reply, String reference) {
        int[] a = tokens(reply);
        int[] b = tokens(reference);
        int[] previous = new int[b.length + 1];
        int[] current = new int[b.length + 1];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return f1(previous[b.length], a.length, b.length);
    }

    /** The reply's length in characters (code points, whitespace included). */
    public static int length(String reply) {
        return reply.codePointCount(0, reply.length());
    }

    private static double f1(int common, int replyLength, int referenceLength) {
        if (common == 0) {
            return 0;
        }
        double precision = (double) common / replyLength;
        double recall = (double) common / referenceLength;
        return 2 * precision * recall / (precision + recall);
    }

    private static int[] tokens(String text) {
        return text.codePoints().filter(c -> !Character.isWhitespace(c)).toArray();
    }
}
