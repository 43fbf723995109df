package app.characterstudio.store;

import java.util.List;

/**
 * One labeler's latest label of a turn, this workspace's own or merged from a bundle.
 *
 * @param chosenCandidateId null when the labeler chose none
 */
public record LabelVote(long turnId, String characterId, String labeler, Long chosenCandidateId, List<Long> rejected,
                        long labeledAt) {
    public LabelVote {
        rejected = List.copyOf(rejected);
    }
}
