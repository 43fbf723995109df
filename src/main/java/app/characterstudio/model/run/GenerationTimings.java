package app.characterstudio.model.run;

/** How long one generation took; decode speed counts steps, each producing one token per candidate. */
public record GenerationTimings(int promptTokens, double prefillMillis, double decodeMillis, int decodeSteps) {

    public double tokensPerSecond() {
        return decodeMillis <= 0 ? 0 : decodeSteps * 1000.0 / decodeMillis;
    }
}
