package app.characterstudio.label;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A creator's judgement of one turn's candidate replies.
 *
 * @param chosenCandidateId the best reply, or null while none is chosen (e.g. only rejections so far)
 * @param rejected          replies judged bad
 * @param ranking           optional full or partial order, best first
 * @param safetyCase        the turn probes safety and the chosen reply refuses or guides, in character
 * @param timeSpentMs       from showing the candidates to labeling them
 * @param labeledAt         Unix ms; 0 until stored
 * @param reasons           reasons about the whole turn, naming no reply (every reason stored before reasons
 *                          named replies is one)
 * @param editOriginsKept   when the chosen reply is an edit, the replies it was made from are NOT rejected
 *                          by it (the creator took back the "rejected (edited)" mark); false by default
 * @param replyReasons      reasons about one reply each (why a rejected reply is worse, what the chosen one
 *                          still lacks), by candidate id
 */
public record Label(long turnId, Long chosenCandidateId, List<Long> rejected, List<Long> ranking,
                    Set<ReasonTag> reasons, String rationale, boolean safetyCase, long timeSpentMs, long labeledAt,
                    boolean editOriginsKept, Map<Long, Set<ReasonTag>> replyReasons) {
    public Label {
        rejected = List.copyOf(rejected);
        ranking = List.copyOf(ranking);
        reasons = copy(reasons);
        rationale = rationale == null ? "" : rationale.strip();
        if (timeSpentMs < 0) {
            throw new IllegalArgumentException("time spent must not be negative");
        }
        TreeMap<Long, Set<ReasonTag>> byReply = new TreeMap<>();
        (replyReasons == null ? Map.<Long, Set<ReasonTag>>of() : replyReasons).forEach((id, tags) -> {
            if (!tags.isEmpty()) {
                byReply.put(id, copy(tags));
            }
        });
        replyReasons = Collections.unmodifiableMap(byReply);
    }

    /** A label whose reasons are all about the whole turn. */
    public Label(long turnId, Long chosenCandidateId, List<Long> rejected, List<Long> ranking, Set<ReasonTag> reasons,
                 String rationale, boolean safetyCase, long timeSpentMs, long labeledAt, boolean editOriginsKept) {
        this(turnId, chosenCandidateId, rejected, ranking, reasons, rationale, safetyCase, timeSpentMs, labeledAt,
                editOriginsKept, Map.of());
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
        return new Label(turnId, candidateId, stillRejected, ranking, reasons, rationale, safetyCase, timeSpentMs, labeledAt, kept, replyReasons);
    }

    /** Rejects {@code candidateId}, or takes the rejection back if it was rejected. */
    public Label withRejectionToggled(long candidateId) {
        List<Long> next = new java.util.ArrayList<>(rejected);
        if (!next.remove(Long.valueOf(candidateId))) {
            next.add(candidateId);
        }
        Long chosen = Long.valueOf(candidateId).equals(chosenCandidateId) && next.contains(candidateId) ? null : chosenCandidateId;
        return new Label(turnId, chosen, next, ranking, reasons, rationale, safetyCase, timeSpentMs, labeledAt, editOriginsKept,
                replyReasons);
    }

    public Label withReasonToggled(ReasonTag reason) {
        EnumSet<ReasonTag> next = reasons.isEmpty() ? EnumSet.noneOf(ReasonTag.class) : EnumSet.copyOf(reasons);
        if (!next.remove(reason)) {
            next.add(reason);
        }
        return new Label(turnId, chosenCandidateId, rejected, ranking, next, rationale, safetyCase, timeSpentMs, labeledAt,
                editOriginsKept, replyReasons);
    }

    public Label withRationale(String text) {
        return new Label(turnId, chosenCandidateId, rejected, ranking, reasons, text, safetyCase, timeSpentMs, labeledAt, editOriginsKept, replyReasons);
    }

    public Label withSafetyCase(boolean on) {
        return new Label(turnId, chosenCandidateId, rejected, ranking, reasons, rationale, on, timeSpentMs, labeledAt, editOriginsKept, replyReasons);
    }

    public Label withRanking(List<Long> bestFirst) {
        return new Label(turnId, chosenCandidateId, rejected, bestFirst, reasons, rationale, safetyCase, timeSpentMs, labeledAt, editOriginsKept, replyReasons);
    }

    /** Keeps the chosen edit's originals out of its pairs (true), or lets the edit reject them again (false). */
    public Label withEditOriginsKept(boolean kept) {
        return new Label(turnId, chosenCandidateId, rejected, ranking, reasons, rationale, safetyCase, timeSpentMs, labeledAt, kept, replyReasons);
    }

    public Label withTimeSpent(long ms) {
        return new Label(turnId, chosenCandidateId, rejected, ranking, reasons, rationale, safetyCase, ms, labeledAt, editOriginsKept, replyReasons);
    }

    /**
     * Adds or takes back {@code reason} about reply {@code candidateId}; a null id toggles it for the whole turn
     * ({@link #withReasonToggled(ReasonTag)}).
     */
    public Label withReasonToggled(Long candidateId, ReasonTag reason) {
        if (candidateId == null) {
            return withReasonToggled(reason);
        }
        Map<Long, Set<ReasonTag>> next = new TreeMap<>(replyReasons);
        EnumSet<ReasonTag> tags = EnumSet.noneOf(ReasonTag.class);
        tags.addAll(next.getOrDefault(candidateId, Set.of()));
        if (!tags.remove(reason)) {
            tags.add(reason);
        }
        next.put(candidateId, tags);
        return new Label(turnId, chosenCandidateId, rejected, ranking, reasons, rationale, safetyCase, timeSpentMs,
                labeledAt, editOriginsKept, next);
    }

    /** The reasons about reply {@code candidateId}, or about the whole turn for a null id. */
    public Set<ReasonTag> reasonsFor(Long candidateId) {
        return candidateId == null ? reasons : replyReasons.getOrDefault(candidateId, Set.of());
    }

    /** Every reason of the label, about the turn or any reply. */
    public Set<ReasonTag> allReasons() {
        EnumSet<ReasonTag> all = EnumSet.noneOf(ReasonTag.class);
        all.addAll(reasons);
        replyReasons.values().forEach(all::addAll);
        return Collections.unmodifiableSet(all);
    }

    private static Set<ReasonTag> copy(Set<ReasonTag> tags) {
        return tags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(tags));
    }
}
