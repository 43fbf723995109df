package app.characterstudio.eval;

/**
 * How a run samples its replies. {@code seed} 0 draws a fresh seed per item; any other seed gives item {@code i}
 * the seed {@code seed + i}, so a resumed run samples the items it has left as a whole run would have.
 */
public record Sampling(int maxNewTokens, double temperature, int topK, double topP, double repetitionPenalty, long seed) {
    /** The Index Character demos' settings, greedy-free, seeded so runs repeat. */
    public static Sampling defaults() {
        return new Sampling(300, 0.3, 5, 0.8, 1.05, 42);
    }

    public long seedFor(int position) {
        return seed == 0 ? 0 : seed + position;
    }

    String json() {
        return "{\"max_new_tokens\":" + maxNewTokens + ",\"temperature\":" + temperature + ",\"top_k\":" + topK
                + ",\"top_p\":" + topP + ",\"repetition_penalty\":" + repetitionPenalty + ",\"seed\":" + seed + "}";
    }
}
