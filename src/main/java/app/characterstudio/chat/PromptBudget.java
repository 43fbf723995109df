package app.characterstudio.chat;

/**
 * How many tokens a prompt may take: the model's context less the room kept for the reply.
 *
 * @param protectedHistoryLines the most recent history lines (before the last user message) that
 *                              outrank retrieved exchanges; see {@link PromptBuilder}
 */
public record PromptBudget(int contextLength, int maxNewTokens, int protectedHistoryLines) {
    public static final int DEFAULT_PROTECTED_HISTORY_LINES = 6;

    public PromptBudget {
        if (maxNewTokens < 1 || maxNewTokens >= contextLength) {
            throw new IllegalArgumentException("room for the reply (" + maxNewTokens
                    + " tokens) must be at least 1 and less than the context (" + contextLength + ")");
        }
        if (protectedHistoryLines < 0) {
            throw new IllegalArgumentException("protected history lines must not be negative");
        }
    }

    public static PromptBudget of(int contextLength, int maxNewTokens) {
        return new PromptBudget(contextLength, maxNewTokens, DEFAULT_PROTECTED_HISTORY_LINES);
    }

    /** Tokens the prompt itself may take. */
    public int promptTokens() {
        return contextLength - maxNewTokens;
    }
}
