package app.characterstudio.eval;

/**
 * How a scalar reward model scores a reply on one metric, after CharacterEval's {@code run_char_rm.py}: it reads
 * {@link #text}, encoded without special tokens, its EOS appended, the last {@code maxTokens} ids kept; its output
 * {@code h} becomes {@code h * scale + offset} (CharacterEval: 4 and 1, which maps its head's 0..1 onto 1..5).
 *
 * @param maxTokens most ids the model reads (CharacterEval: 4096; never more than the model's positions)
 * @param batchSize texts scored in one forward pass
 */
public record RewardScoring(double scale, double offset, int maxTokens, int batchSize) {
    public static final double CHARACTER_EVAL_SCALE = 4;
    public static final double CHARACTER_EVAL_OFFSET = 1;
    public static final int CHARACTER_EVAL_MAX_TOKENS = 4096;

    public RewardScoring {
        if (maxTokens < 2 || batchSize < 1) {
            throw new IllegalArgumentException("max tokens must be at least 2 and the batch at least 1");
        }
    }

    public static RewardScoring characterEval() {
        return new RewardScoring(CHARACTER_EVAL_SCALE, CHARACTER_EVAL_OFFSET, CHARACTER_EVAL_MAX_TOKENS, 8);
    }

    public RewardScoring withMaxTokens(int value) {
        return new RewardScoring(scale, offset, value, batchSize);
    }

    /** The text exactly as CharacterEval's script builds it. */
    public static String text(String profile, String context, String reply, String metricZh) {
        return "<RoleInfo>\n\n" + profile + "\n\n<Context>\n\n" + context + "\n\n<Response>\n\n" + reply
                + "\n\n<Dimension>\n\n" + metricZh;
    }

    public double transform(double head) {
        return head * scale + offset;
    }
}
