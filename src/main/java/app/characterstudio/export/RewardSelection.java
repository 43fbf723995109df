package app.characterstudio.export;

import app.characterstudio.store.ScorableTurn;
import app.characterstudio.store.ScoreSet;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A {@link RewardFilter} with its score set's scores read: applies the bounds and makes the machine pairs. */
final class RewardSelection {
    static final RewardSelection NONE = new RewardSelection(RewardFilter.NONE, null, Map.of(), List.of());

    private final RewardFilter filter;
    private final ScoreSet set;
    private final Map<Long, Map<String, Double>> scores;
    private final Set<ExportRecord> machine = Collections.newSetFromMap(new IdentityHashMap<>());

    RewardSelection(RewardFilter filter, ScoreSet set, Map<Long, Map<String, Double>> scores,
                    List<ScorableTurn> unlabeled) {
        this.filter = filter;
        this.set = set;
        this.scores = scores;
        if (filter.pairs() == RewardFilter.Pairs.RM) {
            for (ScorableTurn turn : unlabeled) {
                ExportRecord pair = machinePair(turn);
                if (pair != null) {
                    machine.add(pair);
                }
            }
        }
    }

    RewardFilter filter() {
        return filter;
    }

    /** The score set, or null when the export uses none. */
    ScoreSet set() {
        return set;
    }

    /** The machine-made records, in turn order. */
    List<ExportRecord> machineRecords() {
        List<ExportRecord> records = new ArrayList<>(machine);
        records.sort(java.util.Comparator.comparing(ExportRecord::characterId)
                .thenComparingLong(ExportRecord::sessionId).thenComparingLong(ExportRecord::turnId));
        return records;
    }

    boolean isMachine(ExportRecord record) {
        return machine.contains(record);
    }

    /**
     * A human record as the bounds leave it: rejected replies short of the margin dropped; null when the chosen
     * reply is unscored or below the minimum, or (with a margin) no rejected reply is left, and why in
     * {@code removed}.
     */
    ExportRecord apply(ExportRecord record, Map<String, Integer> removed) {
        if (!filter.active() || isMachine(record)) {
            return record;
        }
        Map<String, Double> turn = scores.getOrDefault(record.turnId(), Map.of());
        Double chosen = record.hasChosen() ? turn.get(record.chosen()) : null;
        if (filter.minScore() != null && record.hasChosen()) {
            if (chosen == null) {
                return removed(removed, "no reward model score");
            }
            if (chosen < filter.minScore()) {
                return removed(removed, "reward score below " + filter.minScore());
            }
        }
        if (filter.minMargin() == null || record.rejected().isEmpty() || !record.hasChosen()) {
            return record;
        }
        if (chosen == null) {
            return removed(removed, "no reward model score");
        }
        List<String> kept = new ArrayList<>();
        for (String rejected : record.rejected()) {
            Double score = turn.get(rejected);
            if (score != null && chosen - score >= filter.minMargin()) {
                kept.add(rejected);
            }
        }
        if (kept.isEmpty()) {
            return removed(removed, "reward margin below " + filter.minMargin());
        }
        if (kept.size() == record.rejected().size()) {
            return record;
        }
        return new ExportRecord(record.characterId(), record.sessionId(), record.turnId(), record.userName(),
                record.history(), record.userText(), record.chosen(), kept,
                record.ranking().stream().filter(t -> t.equals(record.chosen()) || kept.contains(t)).toList(),
                record.reasons(), record.safetyCase(), record.retrieval(), record.createdAt(), record.labeledAt(),
                record.storedPrompt(), Math.min(record.editPairs(), kept.size()));
    }

    /** Marks a machine-made row: {@code "pair_source": "reward_model", "reward_model": NAME@HASH}. */
    void mark(ExportRecord record, ObjectNode row) {
        if (isMachine(record)) {
            row.put(RewardFilter.SOURCE_FIELD, "reward_model").put(RewardFilter.MODEL_FIELD, set.label());
        }
    }

    /** Best over worst of an unlabeled turn's scored replies, when the margin (and the minimum) pass. */
    private ExportRecord machinePair(ScorableTurn turn) {
        Map<String, Double> scored = scores.getOrDefault(turn.turnId(), Map.of());
        String best = null;
        String worst = null;
        for (ScorableTurn.Reply reply : turn.replies()) {
            Double score = scored.get(reply.text());
            if (score == null) {
                continue;
            }
            if (best == null || score > scored.get(best)) {
                best = reply.text();
            }
            if (worst == null || score < scored.get(worst)) {
                worst = reply.text();
            }
        }
        if (best == null || best.strip().equals(worst.strip())) {
            return null;
        }
        double margin = scored.get(best) - scored.get(worst);
        boolean marginPasses = filter.minMargin() == null ? margin > 0 : margin >= filter.minMargin();
        boolean scorePasses = filter.minScore() == null || scored.get(best) >= filter.minScore();
        return marginPasses && scorePasses ? RewardLayout.record(turn, best, List.of(worst)) : null;
    }

    private static ExportRecord removed(Map<String, Integer> removed, String why) {
        removed.merge(why, 1, Integer::sum);
        return null;
    }
}
