package app.characterstudio.chat;

/** Port to the tokenizer: how many tokens a text takes, and the model's context length. */
public interface TokenCounter {
    int DEFAULT_CONTEXT_LENGTH = 4096;

    int count(String text);

    int contextLength();

    /** True when counts are an estimate from characters (no tokenizer loaded). */
    default boolean estimated() {
        return false;
    }

    /** Counts without a tokenizer: see {@link CharacterEstimateTokenCounter}. */
    static TokenCounter characterEstimate() {
        return new CharacterEstimateTokenCounter(DEFAULT_CONTEXT_LENGTH);
    }
}
