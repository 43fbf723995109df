package app.characterstudio.store;

/**
 * A user message in a session's tree.
 *
 * @param parentCandidateId the reply it follows, or null for a message that starts the conversation
 */
public record Turn(long id, long sessionId, Long parentCandidateId, String userText, long createdAt) {
}
