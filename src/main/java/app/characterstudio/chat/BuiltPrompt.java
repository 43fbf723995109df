package app.characterstudio.chat;

import java.util.List;

/**
 * A prompt as the model sees it, and what was left out to fit the budget.
 *
 * @param text                 the exact prompt
 * @param tokenCount           its length in tokens
 * @param tokenCountEstimated  true when counted from characters (no tokenizer loaded)
 * @param budgetTokens         the most tokens it could take
 * @param exchanges            retrieved exchanges that went in, best first
 * @param droppedExchanges     retrieved exchanges left out, best first
 * @param dialogLines          the conversation lines that went in, oldest first
 * @param droppedHistoryLines  the oldest conversation lines left out, oldest first
 * @param tokens               the prompt's token ids, encoded once while building, for the generator; null when
 *                             counts are estimated or the tokenizer hands no ids on
 */
public record BuiltPrompt(String text, int tokenCount, boolean tokenCountEstimated, int budgetTokens,
                          List<RetrievedDialogue> exchanges, List<RetrievedDialogue> droppedExchanges,
                          List<String> dialogLines, List<String> droppedHistoryLines, PromptTokens tokens) {
    public BuiltPrompt {
        exchanges = List.copyOf(exchanges);
        droppedExchanges = List.copyOf(droppedExchanges);
        dialogLines = List.copyOf(dialogLines);
        droppedHistoryLines = List.copyOf(droppedHistoryLines);
    }
}
