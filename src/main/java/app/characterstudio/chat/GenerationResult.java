package app.characterstudio.chat;

import app.characterstudio.store.Candidate;
import app.characterstudio.store.Turn;
import java.util.List;

/**
 * What one request for replies produced.
 *
 * @param candidates the stored replies (empty when no model is loaded or the request was cancelled)
 * @param cancelled  true when generation was stopped; nothing of that batch was stored
 */
public record GenerationResult(Turn turn, List<Candidate> candidates, BuiltPrompt prompt, boolean cancelled) {
    public GenerationResult {
        candidates = List.copyOf(candidates);
    }
}
