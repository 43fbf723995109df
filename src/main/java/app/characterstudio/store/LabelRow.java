package app.characterstudio.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A turn's label as stored.
 *
 * @param chosenCandidateId null while no reply is chosen
 * @param ranking           candidate ids, best first (may be empty)
 * @param reasons           reason tags as kept in {@code label_reasons.reason}
 * @param reasons           reason tags about the whole turn (as every reason was before they named a reply)
 * @param editOriginsKept   the replies the chosen edit was made from are not rejected by it
 * @param replyReasons      reason tags about one reply each, by candidate id (sorted)
 */
public record LabelRow(long turnId, Long chosenCandidateId, List<Long> rejected, List<Long> ranking,
                       List<String> reasons, String rationale, boolean safetyCase, long timeSpentMs,
                       long labeledAt, boolean editOriginsKept, Map<Long, List<String>> replyReasons) {
    /** Marks a reason about one reply in the history's comma-separated list: {@code tag@candidateId}. */
    static final char REPLY_MARK = '@';

    public LabelRow {
        rejected = List.copyOf(rejected);
        ranking = List.copyOf(ranking);
        reasons = List.copyOf(reasons);
        rationale = rationale == null ? "" : rationale;
        TreeMap<Long, List<String>> byReply = new TreeMap<>();
        (replyReasons == null ? Map.<Long, List<String>>of() : replyReasons).forEach((id, tags) -> {
            if (!tags.isEmpty()) {
                byReply.put(id, List.copyOf(tags));
            }
        });
        replyReasons = Collections.unmodifiableMap(byReply);
    }

    /** A label whose reasons are all about the whole turn. */
    public LabelRow(long turnId, Long chosenCandidateId, List<Long> rejected, List<Long> ranking, List<String> reasons,
                    String rationale, boolean safetyCase, long timeSpentMs, long labeledAt, boolean editOriginsKept) {
        this(turnId, chosenCandidateId, rejected, ranking, reasons, rationale, safetyCase, timeSpentMs, labeledAt,
                editOriginsKept, Map.of());
    }

    /** Turn-level reasons then {@code tag@candidateId} for each reply's, as the history keeps them. */
    List<String> reasonsForHistory() {
        List<String> all = new ArrayList<>(reasons);
        replyReasons.forEach((id, tags) -> tags.forEach(tag -> all.add(tag + REPLY_MARK + id)));
        return all;
    }

    /** Reads {@link #reasonsForHistory()} back: turn-level tags and reply tags by candidate id. */
    static LabelRow withHistoryReasons(LabelRow row, List<String> stored) {
        List<String> turn = new ArrayList<>();
        Map<Long, List<String>> byReply = new TreeMap<>();
        for (String entry : stored) {
            int mark = entry.indexOf(REPLY_MARK);
            if (mark < 0) {
                turn.add(entry);
            } else {
                byReply.computeIfAbsent(Long.parseLong(entry.substring(mark + 1)), id -> new ArrayList<>())
                        .add(entry.substring(0, mark));
            }
        }
        return new LabelRow(row.turnId(), row.chosenCandidateId(), row.rejected(), row.ranking(), turn,
                row.rationale(), row.safetyCase(), row.timeSpentMs(), row.labeledAt(), row.editOriginsKept(), byReply);
    }

    /** A label whose chosen edit (if any) counts as preferred over its originals. */
    public LabelRow(long turnId, Long chosenCandidateId, List<Long> rejected, List<Long> ranking, List<String> reasons,
                    String rationale, boolean safetyCase, long timeSpentMs, long labeledAt) {
        this(turnId, chosenCandidateId, rejected, ranking, reasons, rationale, safetyCase, timeSpentMs, labeledAt, false);
    }
}
