package app.characterstudio.chat;

/**
 * How replies are sampled. Defaults follow the reference demos of the Character model
 * ({@code top_k=5, top_p=0.8, temperature 0.3..0.85, repetition_penalty 1.0..1.1, max_new_tokens 300..512}).
 *
 * @param seed     0 for a fresh random seed per batch
 * @param logprobs whether the generator should report per-token top log-probabilities
 */
public record SamplingSettings(int maxNewTokens, double temperature, int topK, double topP,
                               double repetitionPenalty, long seed, boolean logprobs) {
    public SamplingSettings {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max new tokens must be at least 1, got " + maxNewTokens);
        }
        if (temperature < 0) {
            throw new IllegalArgumentException("temperature must not be negative, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must not be negative, got " + topK);
        }
        if (topP <= 0 || topP > 1) {
            throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        }
        if (repetitionPenalty <= 0) {
            throw new IllegalArgumentException("repetition penalty must be positive, got " + repetitionPenalty);
        }
    }

    public static SamplingSettings defaults() {
        return new SamplingSettings(300, 0.7, 5, 0.8, 1.05, 0, false);
    }

    public SamplingSettings withLogprobs(boolean on) {
        return new SamplingSettings(maxNewTokens, temperature, topK, topP, repetitionPenalty, seed, on);
    }
}
