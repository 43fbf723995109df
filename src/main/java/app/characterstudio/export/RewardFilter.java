package app.characterstudio.export;

import java.util.Locale;

/**
 * The reward-model filters of an export: the score set named {@code rm} (a model name, or NAME@HASH), the lowest
 * score a chosen reply may have ({@code minScore}), the least a chosen reply must score above each reply rejected
 * against it ({@code minMargin}), and whether to add machine-made pairs: from turns with no label and at least two
 * scored replies, the best over the worst when the margin passes. Machine-made rows say so in their
 * {@value #SOURCE_FIELD} field and are counted apart; they are made only when asked. A reply without a score in the
 * set does not pass a filter. Null bounds filter nothing.
 */
public record RewardFilter(String rm, Double minScore, Double minMargin, Pairs pairs) {
    /** The field machine-made rows carry ({@code "reward_model"}), beside {@value #MODEL_FIELD}. */
    public static final String SOURCE_FIELD = "pair_source";
    public static final String MODEL_FIELD = "reward_model";
    public static final RewardFilter NONE = new RewardFilter(null, null, null, Pairs.HUMAN);

    /** Whose pairs: the creator's labels only, or those and pairs the reward model makes of unlabeled turns. */
    public enum Pairs {
        HUMAN, RM;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Pairs parse(String text) {
            for (Pairs pairs : values()) {
                if (pairs.id().equalsIgnoreCase(text.strip())) {
                    return pairs;
                }
            }
            throw new ExportException("Unknown pairs '" + text + "'; expected human or rm.");
        }
    }

    public RewardFilter {
        pairs = pairs == null ? Pairs.HUMAN : pairs;
        rm = rm == null || rm.isBlank() ? null : rm.strip();
        if (rm == null && (minScore != null || minMargin != null || pairs == Pairs.RM)) {
            throw new ExportException("--min-score, --min-margin and --pairs rm need a reward model's scores: name "
                    + "it with --rm (see score --help).");
        }
        if (minScore != null && !Double.isFinite(minScore) || minMargin != null && !Double.isFinite(minMargin)) {
            throw new ExportException("Reward score bounds must be numbers (min score " + minScore + ", min margin "
                    + minMargin + ").");
        }
    }

    public boolean active() {
        return rm != null;
    }
}
