package app.characterstudio.export;

import java.util.Arrays;

/** Summary of lengths in characters (Unicode code points): count, min, max, mean, median, 95th percentile. */
public record LengthStats(int count, int min, int max, double mean, int p50, int p95) {
    public static LengthStats of(int[] lengths) {
        if (lengths.length == 0) {
            return new LengthStats(0, 0, 0, 0, 0, 0);
        }
        int[] sorted = lengths.clone();
        Arrays.sort(sorted);
        long sum = 0;
        for (int length : sorted) {
            sum += length;
        }
        double mean = Math.round(sum * 10.0 / sorted.length) / 10.0;
        return new LengthStats(sorted.length, sorted[0], sorted[sorted.length - 1], mean,
                percentile(sorted, 0.5), percentile(sorted, 0.95));
    }

    static int length(String text) {
        return text == null ? 0 : text.codePointCount(0, text.length());
    }

    private static int percentile(int[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
