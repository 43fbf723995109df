package app.characterstudio.model.run;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

/**
 * Picks the next token of one candidate from a row of logits, on the JVM side, in Hugging Face's order:
 * repetition penalty, then greedy argmax, or temperature, top-k, top-p and a draw by cumulative sum.
 */
final class TokenSampler {
    private final SamplingParams params;
    private final Random random;
    private final BitSet seen = new BitSet();

    TokenSampler(SamplingParams params, long seed, int[] promptIds) {
        this.params = params;
        this.random = new Random(seed);
        for (int id : promptIds) {
            seen.set(id);
        }
    }

    /** Chooses a token from {@code logits} (left unchanged) and remembers it for the repetition penalty. */
    int next(float[] logits) {
        float[] scores = penalised(logits);
        int token = params.greedy() ? argMax(scores) : draw(scores);
        seen.set(token);
        return token;
    }

    private float[] penalised(float[] logits) {
        float penalty = params.repetitionPenalty();
        if (penalty == 1f) {
            return logits;
        }
        float[] scores = logits.clone();
        for (int id = seen.nextSetBit(0); id >= 0 && id < scores.length; id = seen.nextSetBit(id + 1)) {
            scores[id] = scores[id] > 0 ? scores[id] / penalty : scores[id] * penalty;
        }
        return scores;
    }

    static int argMax(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    private int draw(float[] scores) {
        int[] order = TopTokens.indicesByScore(scores, params.topK());  // most likely first
        double[] probabilities = new double[order.length];
        double max = scores[order[0]] / params.temperature();
        double sum = 0;
        for (int i = 0; i < order.length; i++) {
            probabilities[i] = Math.exp(scores[order[i]] / params.temperature() - max);
            sum += probabilities[i];
        }
        int kept = order.length;
        double cumulative = 0;
        for (int i = 0; i < order.length; i++) {
            cumulative += probabilities[i] / sum;
            if (cumulative >= params.topP()) {
                kept = i + 1;
                break;
            }
        }
        double keptSum = Arrays.stream(probabilities, 0, kept).sum();
        double target = random.nextDouble() * keptSum;
        double running = 0;
        for (int i = 0; i < kept; i++) {
            running += probabilities[i];
            if (target < running) {
                return order[i];
            }
        }
        return order[kept - 1];
    }
}
