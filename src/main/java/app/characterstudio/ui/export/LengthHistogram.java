package app.characterstudio.ui.export;

import java.util.ArrayList;
import java.util.List;

/** Groups reply lengths into at most a given number of equal, round-width bins for a bar chart. */
public final class LengthHistogram {
    private static final int[] STEPS = {1, 2, 5};

    private LengthHistogram() {
    }

    /** One bar: a label such as {@code 20–39} and how many values fall in it. */
    public record Bar(String label, int count) {
    }

    public static List<Bar> bins(int[] lengths, int maxBins) {
        if (lengths.length == 0) {
            return List.of();
        }
        int max = 0;
        for (int length : lengths) {
            max = Math.max(max, length);
        }
        int width = roundWidth((max + 1.0) / maxBins);
        int[] counts = new int[max / width + 1];
        for (int length : lengths) {
            counts[length / width]++;
        }
        List<Bar> bars = new ArrayList<>(counts.length);
        for (int i = 0; i < counts.length; i++) {
            String label = width == 1 ? String.valueOf(i) : (i * width) + "–" + ((i + 1) * width - 1);
            bars.add(new Bar(label, counts[i]));
        }
        return bars;
    }

    /** The smallest of 1, 2, 5, 10, 20, 50, ... at least {@code raw}. */
    static int roundWidth(double raw) {
        for (int scale = 1; ; scale *= 10) {
            for (int step : STEPS) {
                if (step * scale >= raw) {
                    return step * scale;
                }
            }
        }
    }
}
