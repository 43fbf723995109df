package app.characterstudio.chat;

import app.characterstudio.model.run.SamplingParams;

/**
 * How replies are sampled; the defaults are the model's ({@link SamplingParams#DEFAULT_TEMPERATURE} and the rest,
 * compile-time constants).
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
        return new SamplingSettings(SamplingParams.DEFAULT_MAX_NEW_TOKENS, SamplingParams.DEFAULT_TEMPERATURE,
                SamplingParams.DEFAULT_TOP_K, SamplingParams.DEFAULT_TOP_P, SamplingParams.DEFAULT_REPETITION_PENALTY, 0,
                false);
    }

    public SamplingSettings withMaxNewTokens(int value) {
        return new SamplingSettings(value, temperature, topK, topP, repetitionPenalty, seed, logprobs);
    }

    public SamplingSettings withLogprobs(boolean on) {
        return new SamplingSettings(maxNewTokens, temperature, topK, topP, repetitionPenalty, seed, on);
    }
}
