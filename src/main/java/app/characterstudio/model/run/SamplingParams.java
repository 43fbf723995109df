package app.characterstudio.model.run;

import java.util.List;

/**
 * How to pick each next token. Defaults follow the Index Character reference demos.
 *
 * @param greedy            always the most likely token (temperature, top-k, top-p ignored)
 * @param topK              keep the k most likely tokens; 0 keeps all
 * @param topP              keep the smallest set whose probability reaches p; 1 keeps all
 * @param repetitionPenalty Hugging Face's: logits of tokens already in prompt or reply divided (if positive)
 *                          or multiplied (if negative) by it; 1 is none
 * @param seed              same seed, same prompt, same settings: same output; null draws a fresh one
 * @param stopStrings       the reply ends before any of these
 * @param stopAtSpeakerLine the reply ends before a new line that starts with {@code name:} or {@code name：}
 * @param logprobs          how many most likely alternatives to report per generated token; 0 for none
 */
public record SamplingParams(
        boolean greedy,
        float temperature,
        int topK,
        float topP,
        float repetitionPenalty,
        Long seed,
        int maxNewTokens,
        List<String> stopStrings,
        boolean stopAtSpeakerLine,
        int logprobs) {

    // The one set of defaults (the Index Character demos use top_k 5, top_p 0.8, temperature 0.3..0.85,
    // repetition_penalty 1.0..1.1, max_new_tokens 300..512). The chat's settings, the CLI's options and help text and
    // the model panel all read these; doubles so that settings stored as JSON show 0.7, not 0.699999988.
    public static final double DEFAULT_TEMPERATURE = 0.7;
    public static final int DEFAULT_TOP_K = 5;
    public static final double DEFAULT_TOP_P = 0.8;
    public static final double DEFAULT_REPETITION_PENALTY = 1.05;
    public static final int DEFAULT_MAX_NEW_TOKENS = 300;
    /** The defaults in words, for help text. */
    public static final String DEFAULTS_IN_WORDS = "top-k " + DEFAULT_TOP_K + ", top-p " + DEFAULT_TOP_P
            + ", temperature " + DEFAULT_TEMPERATURE + ", repetition penalty " + DEFAULT_REPETITION_PENALTY + ", "
            + DEFAULT_MAX_NEW_TOKENS + " new tokens";

    public static final SamplingParams DEFAULTS = new SamplingParams(false, (float) DEFAULT_TEMPERATURE, DEFAULT_TOP_K,
            (float) DEFAULT_TOP_P, (float) DEFAULT_REPETITION_PENALTY, null, DEFAULT_MAX_NEW_TOKENS, List.of(), true, 0);
    public static final int MAX_LOGPROBS = 20;

    public SamplingParams {
        require(Float.isFinite(temperature) && temperature > 0, "temperature must be above 0, got " + temperature);
        require(topK >= 0, "top-k must be 0 (off) or more, got " + topK);
        require(topP > 0 && topP <= 1, "top-p must be in (0, 1], got " + topP);
        require(Float.isFinite(repetitionPenalty) && repetitionPenalty > 0,
                "repetition penalty must be above 0, got " + repetitionPenalty);
        require(maxNewTokens >= 1, "max new tokens must be at least 1, got " + maxNewTokens);
        require(logprobs >= 0 && logprobs <= MAX_LOGPROBS, "logprobs must be 0 to " + MAX_LOGPROBS + ", got " + logprobs);
        stopStrings = List.copyOf(stopStrings);
        for (String stop : stopStrings) {
            require(!stop.isEmpty(), "a stop string must not be empty");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public SamplingParams withGreedy(boolean value) {
        return new SamplingParams(value, temperature, topK, topP, repetitionPenalty, seed, maxNewTokens, stopStrings,
                stopAtSpeakerLine, logprobs);
    }

    public SamplingParams withTemperature(float value) {
        return new SamplingParams(greedy, value, topK, topP, repetitionPenalty, seed, maxNewTokens, stopStrings,
                stopAtSpeakerLine, logprobs);
    }

    public SamplingParams withTopK(int value) {
        return new SamplingParams(greedy, temperature, value, topP, repetitionPenalty, seed, maxNewTokens, stopStrings,
                stopAtSpeakerLine, logprobs);
    }

    public SamplingParams withTopP(float value) {
        return new SamplingParams(greedy, temperature, topK, value, repetitionPenalty, seed, maxNewTokens, stopStrings,
                stopAtSpeakerLine, logprobs);
    }

    public SamplingParams withRepetitionPenalty(float value) {
        return new SamplingParams(greedy, temperature, topK, topP, value, seed, maxNewTokens, stopStrings,
                stopAtSpeakerLine, logprobs);
    }

    public SamplingParams withSeed(Long value) {
        return new SamplingParams(greedy, temperature, topK, topP, repetitionPenalty, value, maxNewTokens, stopStrings,
                stopAtSpeakerLine, logprobs);
    }

    public SamplingParams withMaxNewTokens(int value) {
        return new SamplingParams(greedy, temperature, topK, topP, repetitionPenalty, seed, value, stopStrings,
                stopAtSpeakerLine, logprobs);
    }

    public SamplingParams withStops(List<String> strings, boolean atSpeakerLine) {
        return new SamplingParams(greedy, temperature, topK, topP, repetitionPenalty, seed, maxNewTokens, strings,
                atSpeakerLine, logprobs);
    }

    public SamplingParams withLogprobs(int value) {
        return new SamplingParams(greedy, temperature, topK, topP, repetitionPenalty, seed, maxNewTokens, stopStrings,
                stopAtSpeakerLine, value);
    }
}
