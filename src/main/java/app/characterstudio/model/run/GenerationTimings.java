package app.characterstudio.model.run;

/**
 * How long one generation took; decode speed counts steps, each producing one token per candidate.
 * {@code reusedPromptTokens} of the prompt came from the prompt cache instead of being read again.
 */
public record GenerationTimings(int promptTokens, int reusedPromptTokens, double prefillMillis, double decodeMillis,
                                int decodeSteps) {

    public double tokensPerSecond() {
        return decodeMillis <= 0 ? 0 : decodeSteps * 1000.0 / decodeMillis;
    }
}
