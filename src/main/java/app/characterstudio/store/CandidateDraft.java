package app.characterstudio.store;

import java.util.Objects;

/**
 * A candidate reply about to be stored; nullable fields are unknown or not applicable.
 *
 * @param samplingJson  the sampling settings as a JSON object (model replies)
 * @param promptText    exactly what the model saw (or would have seen, for hand-written replies)
 * @param retrievalJson JSON array of {@code {"text","source","first_line","last_line","score"}}
 */
public record CandidateDraft(String text, CandidateOrigin origin, Long editedFromId, String modelName,
                             String samplingJson, String promptText, Integer promptTokenCount, Long templateId,
                             String retrievalJson, String logprobsJson, String finishReason) {
    public CandidateDraft {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(origin, "origin");
        if (origin == CandidateOrigin.EDIT && editedFromId == null) {
            throw new IllegalArgumentException("an edit must name the candidate it was edited from");
        }
    }

    /** A reply written by hand, with the prompt it answers. */
    public static CandidateDraft handWritten(String text, String promptText, Integer promptTokenCount,
                                             Long templateId, String retrievalJson) {
        return new CandidateDraft(text, CandidateOrigin.HUMAN, null, null, null, promptText, promptTokenCount,
                templateId, retrievalJson, null, null);
    }
}
