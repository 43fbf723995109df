package app.characterstudio.chat;

import java.util.HashMap;
import java.util.Map;

/** Port to the tokenizer: how many tokens a text takes, the text's ids, and the model's context length. */
public interface TokenCounter {
    int DEFAULT_CONTEXT_LENGTH = 4096;

    int count(String text);

    int contextLength();

    /** True when counts are an estimate from characters (no tokenizer loaded). */
    default boolean estimated() {
        return false;
    }

    /**
     * The ids of a whole prompt, for the generator; null when there is no tokenizer (counts are estimated). The
     * prompt build calls this once per reply, for the prompt it settled on.
     */
    default PromptTokens encode(String text) {
        return null;
    }

    /** Counts without a tokenizer: see {@link CharacterEstimateTokenCounter}. */
    static TokenCounter characterEstimate() {
        return new CharacterEstimateTokenCounter(DEFAULT_CONTEXT_LENGTH);
    }

    /**
     * This counter, remembering each text's count: one reply's prompt build counts each of its parts (a dialogue
     * line, a retrieved exchange, the separator) once, however often budgeting and retrieval ask.
     */
    static TokenCounter remembering(TokenCounter counter) {
        Map<String, Integer> counts = new HashMap<>();
        return new TokenCounter() {
            @Override
            public int count(String text) {
                Integer known = counts.get(text);
                if (known == null) {
                    known = counter.count(text);
                    counts.put(text, known);
                }
                return known;
            }

            @Override
            public int contextLength() {
                return counter.contextLength();
            }

            @Override
            public boolean estimated() {
                return counter.estimated();
            }

            @Override
            public PromptTokens encode(String text) {
                return counter.encode(text);
            }
        };
    }
}
