package app.characterstudio.chat;

import app.characterstudio.persona.Persona;
import java.util.List;
import java.util.function.ToIntFunction;

/** Port to the script index: past exchanges of a character that fit the recent conversation. */
public interface ExchangeRetriever {
    /**
     * Exchanges relevant to the recent conversation, best first, together taking at most {@code tokenBudget}
     * tokens as counted by {@code tokenCounter}.
     *
     * @param recent the latest utterances of the conversation, oldest first (the chat's one window,
     *               {@link ChatService#RETRIEVAL_WINDOW})
     */
    List<RetrievedDialogue> retrieve(Persona persona, List<Utterance> recent, int tokenBudget,
                                     ToIntFunction<String> tokenCounter);

    /** While no scripts are imported: nothing to retrieve. */
    static ExchangeRetriever none() {
        return (persona, recent, tokenBudget, tokenCounter) -> List.of();
    }
}
