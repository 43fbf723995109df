package app.characterstudio.store;

/**
 * A stored candidate reply to a turn; nullable fields as in {@link CandidateDraft}.
 *
 * @param batchId candidates generated together share it; null for hand-written and edited replies
 */
public record Candidate(long id, long turnId, String text, CandidateOrigin origin, Long editedFromId, String batchId,
                        String modelName, String samplingJson, String promptText, Integer promptTokenCount,
                        Long templateId, String retrievalJson, String logprobsJson, String finishReason,
                        long createdAt) {
}
