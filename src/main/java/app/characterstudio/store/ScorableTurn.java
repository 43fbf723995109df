package app.characterstudio.store;

import java.util.List;

/**
 * A turn whose replies a reward model can score, with what its prompt is rendered from: the conversation path
 * from the session's root, the user's message, and the prompt and retrieved exchanges stored with the reply a
 * label chose (or the reply it was edited from, else the turn's first reply that has them).
 *
 * @param history      earlier user messages and the replies the conversation went on from, oldest first
 * @param storedPrompt null when no reply of the turn has one
 * @param retrievalJson null when none was stored
 * @param labeled      whether the creator chose a reply for the turn
 */
public record ScorableTurn(long turnId, long sessionId, String characterId, String userName, String userText,
                           long createdAt, List<Line> history, List<Reply> replies, String storedPrompt,
                           String retrievalJson, boolean labeled) {
    public ScorableTurn {
        history = List.copyOf(history);
        replies = List.copyOf(replies);
    }

    /** One earlier exchange: the user's message and the reply that the conversation continued from. */
    public record Line(String user, String reply) {
    }

    /** A candidate reply of the turn. */
    public record Reply(long candidateId, String text) {
    }
}
