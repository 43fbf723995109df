package app.characterstudio.chat;

import app.characterstudio.persona.Persona;
import java.util.List;
import java.util.function.ToIntFunction;

/** Port to the script index: past exchanges of a character that fit the recent conversation. */
public interface ExchangeRetriever {
    /**
     * Exchanges relevant to {@code recentDialogLines} ({@code speaker:utterance}, oldest first), best
     * first, together taking at most {@code tokenBudget} tokens as counted by {@code tokenCounter}.
     */
    List<RetrievedDialogue> retrieve(Persona persona, List<String> recentDialogLines, int tokenBudget,
                                     ToIntFunction<String> tokenCounter);

    /** While no scripts are imported: nothing to retrieve. */
    static ExchangeRetriever none() {
        return (persona, recentDialogLines, tokenBudget, tokenCounter) -> List.of();
    }
}
