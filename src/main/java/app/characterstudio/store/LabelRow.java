package app.characterstudio.store;

import java.util.List;

/**
 * A turn's label as stored.
 *
 * @param chosenCandidateId null while no reply is chosen
 * @param ranking           candidate ids, best first (may be empty)
 * @param reasons           reason tags as kept in {@code label_reasons.reason}
 * @param editOriginsKept   the replies the chosen edit was made from are not rejected by it
 */
public record LabelRow(long turnId, Long chosenCandidateId, List<Long> rejected, List<Long> ranking,
                       List<String> reasons, String rationale, boolean safetyCase, long timeSpentMs,
                       long labeledAt, boolean editOriginsKept) {
    public LabelRow {
        rejected = List.copyOf(rejected);
        ranking = List.copyOf(ranking);
        reasons = List.copyOf(reasons);
        rationale = rationale == null ? "" : rationale;
    }

    /** A label whose chosen edit (if any) counts as preferred over its originals. */
    public LabelRow(long turnId, Long chosenCandidateId, List<Long> rejected, List<Long> ranking, List<String> reasons,
                    String rationale, boolean safetyCase, long timeSpentMs, long labeledAt) {
        this(turnId, chosenCandidateId, rejected, ranking, reasons, rationale, safetyCase, timeSpentMs, labeledAt, false);
    }
}
