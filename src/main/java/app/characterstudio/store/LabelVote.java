package app.characterstudio.store;

import java.util.List;

/**
 * One labeler's latest label of a turn, this workspace's own or merged from a bundle.
 *
 * @param chosenCandidateId null when the labeler chose none
 * @param safetyCase        the labeler marked the turn a safety case
 */
public record LabelVote(long turnId, String characterId, String labeler, Long chosenCandidateId, List<Long> rejected,
                        long labeledAt, boolean safetyCase) {
    public LabelVote {
        rejected = List.copyOf(rejected);
    }

    /** A vote on a turn that is no safety case. */
    public LabelVote(long turnId, String characterId, String labeler, Long chosenCandidateId, List<Long> rejected,
                     long labeledAt) {
        this(turnId, characterId, labeler, chosenCandidateId, rejected, labeledAt, false);
    }
}
