package app.characterstudio.model.run;

import ai.djl.ndarray.NDManager;

/**
 * How closely one precision follows another: the reference decodes greedily through its KV cache and keeps
 * every step's logits; the candidate is then fed the reference's tokens (teacher forcing, so one early
 * difference does not make every later step differ) and each of its argmaxes is compared with the reference's.
 */
public final class GreedyParity {
    /** {@code matching} of {@code steps} argmaxes agreed; the largest absolute logit difference of all steps. */
    public record Result(int steps, int matching, double maxAbsLogitDifference) {
        public double agreement() {
            return steps == 0 ? 1 : (double) matching / steps;
        }
    }

    /** A reference run: for each prompt, its greedy tokens and the logits each was chosen from. */
    public record Trace(int[][] prompts, int[][] tokens, float[][][] logits) {
    }

    private GreedyParity() {
    }

    public static Trace record(IndexTransformer reference, int[][] prompts, int steps) {
        int[][] tokens = new int[prompts.length][steps];
        float[][][] logits = new float[prompts.length][steps][];
        for (int p = 0; p < prompts.length; p++) {
            int[] chosen = tokens[p];
            float[][] rows = logits[p];
            decode(reference, prompts[p], steps, (step, row) -> {
                rows[step] = row;
                chosen[step] = TokenSampler.argMax(row);
                return chosen[step];
            });
        }
        return new Trace(prompts, tokens, logits);
    }

    public static Result compare(Trace reference, IndexTransformer candidate) {
        int steps = 0;
        int matching = 0;
        double maxDifference = 0;
        for (int p = 0; p < reference.prompts().length; p++) {
            int[] forced = reference.tokens()[p];
            float[][] expected = reference.logits()[p];
            int[] counts = new int[2];
            double[] max = {0};
            decode(candidate, reference.prompts()[p], forced.length, (step, row) -> {
                counts[0]++;
                if (TokenSampler.argMax(row) == forced[step]) {
                    counts[1]++;
                }
                for (int i = 0; i < row.length; i++) {
                    max[0] = Math.max(max[0], Math.abs(row[i] - expected[step][i]));
                }
                return forced[step];
            });
            steps += counts[0];
            matching += counts[1];
            maxDifference = Math.max(maxDifference, max[0]);
        }
        return new Result(steps, matching, maxDifference);
    }

    @FunctionalInterface
    private interface Next {
        int choose(int step, float[] logits);
    }

    private static void decode(IndexTransformer model, int[] prompt, int steps, Next next) {
        try (KvCache cache = model.newCache(1, prompt.length + steps)) {
            int token;
            try (NDManager step = model.newStepManager()) {
                token = next.choose(0, model.forward(step, ids(step, prompt), cache, 0, false).toFloatArray());
            }
            for (int i = 1; i < steps; i++) {
                try (NDManager step = model.newStepManager()) {
                    float[] row = model.forward(step, ids(step, token), cache, prompt.length + i - 1, false)
                            .toFloatArray();
                    token = next.choose(i, row);
                }
            }
        }
    }

    private static ai.djl.ndarray.NDArray ids(NDManager step, int... ids) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return step.create(wide, new ai.djl.ndarray.types.Shape(1, ids.length));
    }
}
