package app.characterstudio.label;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A creator's judgement of one turn's candidate replies.
 *
 * @param chosenCandidateId the best reply, or null while none is chosen (e.g. only rejections so far)
 * @param rejected          replies judged bad
 * @param ranking           optional full or partial order, best first
 * @param safetyCase        the turn probes safety and the chosen reply refuses or guides, in character
 * @param timeSpentMs       from showing the candidates to labeling them
 * @param labeledAt         Unix ms; 0 until stored
 * @param editOriginsKept   when the chosen reply is an edit, the replies it was made from are NOT rejected
 *                          by it (the creator took back the "rejected (edited)" mark); false by default
 */
public record Label(long turnId, Long chosenCandidateId, List<Long> rejected, List<Long> ranking,
                    Set<ReasonTag> reasons, String rationale, boolean safetyCase, long timeSpentMs, long labeledAt,
                    boolean editOriginsKept) {
    public Label {
        rejected = List.copyOf(rejected);
        ranking = List.copyOf(ranking);
        reasons = reasons.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(reasons));
        rationale = rationale == null ? "" : rationale.strip();
        if (timeSpentMs < 0) {
            throw new IllegalArgumentException("time spent must not be negative");
        }
    }

    /** A label whose chosen edit (if any) is preferred over its originals. */
    public Label(long turnId, Long chosenCandidateId, List<Long> rejected, List<Long> ranking, Set<ReasonTag> reasons,
                 String rationale, boolean safetyCase, long timeSpentMs, long labeledAt) {
        this(turnId, chosenCandidateId, rejected, ranking, reasons, rationale, safetyCase, timeSpentMs, labeledAt, false);
    }

    /** An empty label of a turn, to build on. */
    public static Label empty(long turnId) {
        return new Label(turnId, null, List.of(), List.of(), Set.of(), "", false, 0, 0);
    }

    public boolean hasChoice() {
        return chosenCandidateId != null;
    }

    public Label withChosen(Long candidateId) {
        List<Long> stillRejected = rejected.stream().filter(id -> !id.equals(candidateId)).toList();
        boolean kept = editOriginsKept && java.util.Objects.equals(candidateId, chosenCandidateId);
        return new Label(turnId, candidateId, stillRejected, ranking, reasons, rationale, safetyCase, timeSpentMs, labeledAt, kept);
    }

    /** Rejects {@code candidateId}, or takes the rejection back if it was rejected. */
    public Label withRejectionToggled(long candidateId) {
        List<Long> next = new java.util.ArrayList<>(rejected);
        if (!next.remove(Long.valueOf(candidateId))) {
            next.add(candidateId);
        }
        Long chosen = Long.valueOf(candidateId).equals(chosenCandidateId) && next.contains(candidateId) ? null : chosenCandidateId;
        return new Label(turnId, chosen, next, ranking, reasons, rationale, safetyCase, timeSpentMs, labeledAt, editOriginsKept);
    }

    public Label withReasonToggled(ReasonTag reason) {
        EnumSet<ReasonTag> next = reasons.isEmpty() ? EnumSet.noneOf(ReasonTag.class) : EnumSet.copyOf(reasons);
        if (!next.remove(reason)) {
            next.add(reason);
        }
        return new Label(turnId, chosenCandidateId, rejected, ranking, next, rationale, safetyCase, timeSpentMs, labeledAt, editOriginsKept);
    }

    public Label withRationale(String text) {
        return new Label(turnId, chosenCandidateId, rejected, ranking, reasons, text, safetyCase, timeSpentMs, labeledAt, editOriginsKept);
    }

    public Label withSafetyCase(boolean on) {
        return new Label(turnId, chosenCandidateId, rejected, ranking, reasons, rationale, on, timeSpentMs, labeledAt, editOriginsKept);
    }

    public Label withRanking(List<Long> bestFirst) {
        return new Label(turnId, chosenCandidateId, rejected, bestFirst, reasons, rationale, safetyCase, timeSpentMs, labeledAt, editOriginsKept);
    }

    /** Keeps the chosen edit's originals out of its pairs (true), or lets the edit reject them again (false). */
    public Label withEditOriginsKept(boolean kept) {
        return new Label(turnId, chosenCandidateId, rejected, ranking, reasons, rationale, safetyCase, timeSpentMs, labeledAt, kept);
    }

    public Label withTimeSpent(long ms) {
        return new Label(turnId, chosenCandidateId, rejected, ranking, reasons, rationale, safetyCase, ms, labeledAt, editOriginsKept);
    }
}
