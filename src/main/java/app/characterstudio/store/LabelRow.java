package app.characterstudio.store;

import java.util.List;

/**
 * A turn's label as stored.
 *
 * @param chosenCandidateId null while no reply is chosen
 * @param ranking           candidate ids, best first (may be empty)
 * @param reasons           reason tags as kept in {@code label_reasons.reason}
 */
public record LabelRow(long turnId, Long chosenCandidateId, List<Long> rejected, List<Long> ranking,
                       List<String> reasons, String rationale, boolean safetyCase, long timeSpentMs,
                       long labeledAt) {
    public LabelRow {
        rejected = List.copyOf(rejected);
        ranking = List.copyOf(ranking);
        reasons = List.copyOf(reasons);
        rationale = rationale == null ? "" : rationale;
    }
}
