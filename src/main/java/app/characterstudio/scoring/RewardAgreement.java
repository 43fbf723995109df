package app.characterstudio.scoring;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How far a reward model agrees with the creator: over the chosen/rejected pairs a preference export makes of the
 * labels, the share where the chosen reply scores higher (a tie does not agree), with a 95% Wilson interval; per
 * character and per reason tag; a histogram of chosen and rejected scores; the pairs it disagrees with most.
 *
 * @param unscoredPairs labeled pairs left out because a reply of them has no score in the set
 */
public record RewardAgreement(Accuracy overall, Map<String, Accuracy> perCharacter, Map<String, Accuracy> perReason,
                              Histogram histogram, List<Disagreement> disagreements, int unscoredPairs) {
    /** {@code agreeing} of {@code pairs}, with the 95% Wilson score interval of the share. */
    public record Accuracy(int agreeing, int pairs, double low, double high) {
        public static Accuracy of(int agreeing, int pairs) {
            if (pairs == 0) {
                return new Accuracy(0, 0, 0.0, 1.0);
            }
            double z = 1.959963984540054;
            double p = (double) agreeing / pairs;
            double denominator = 1 + z * z / pairs;
            double centre = (p + z * z / (2.0 * pairs)) / denominator;
            double half = z * Math.sqrt(p * (1 - p) / pairs + z * z / (4.0 * pairs * pairs)) / denominator;
            return new Accuracy(agreeing, pairs, Math.max(0, centre - half), Math.min(1, centre + half));
        }

        public double share() {
            return pairs == 0 ? Double.NaN : (double) agreeing / pairs;
        }

        /** "73.3% (11 of 15 pairs, 95% CI 48.0–89.1%)", or "no scored pairs". */
        public String describe() {
            if (pairs == 0) {
                return "no scored pairs";
            }
            return String.format(Locale.ROOT, "%.1f%% (%d of %d pairs, 95%% CI %.1f–%.1f%%)", 100 * share(), agreeing,
                    pairs, 100 * low, 100 * high);
        }
    }

    /** Counts of chosen and rejected scores in equal bins from {@code min} to {@code max}. */
    public record Histogram(double min, double max, int[] chosen, int[] rejected) {
        public Histogram {
            chosen = chosen.clone();
            rejected = rejected.clone();
        }

        public int bins() {
            return chosen.length;
        }

        public double binStart(int bin) {
            return min + (max - min) * bin / bins();
        }
    }

    /**
     * A labeled pair the model ranks the other way: {@code margin} is the rejected reply's score minus the chosen
     * one's (0 or above).
     */
    public record Disagreement(String characterId, long sessionId, long turnId, String chosen, String rejected,
                               double chosenScore, double rejectedScore) {
        public double margin() {
            return rejectedScore - chosenScore;
        }
    }
}
