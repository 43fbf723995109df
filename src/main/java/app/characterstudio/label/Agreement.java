package app.characterstudio.label;

import app.characterstudio.store.LabelVote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongFunction;

/**
 * How far labelers agree, for every two of them over the turns both labeled.
 *
 * <p>Cohen's kappa for chosen/rejected: every reply of those turns is one item, which each labeler put
 * in one of three categories: chosen, rejected, or neither. kappa = (po - pe) / (1 - pe), with po the
 * share of replies both put in the same category and pe the agreement expected by chance, the sum
 * over the categories of the two labelers' shares. Undefined (null) when pe is 1.
 *
 * <p>Pairwise agreement per character: the share of the turns both labeled where both chose the same reply.
 */
public final class Agreement {
    private Agreement() {
    }

    /**
     * @param sharedTurns turns both labeled
     * @param sameChoice  of those, turns where both chose the same reply (or both none)
     * @param agreement   sameChoice / sharedTurns
     * @param kappa       Cohen's kappa over the replies of the shared turns; null when undefined
     */
    public record Figures(String characterId, int sharedTurns, int sameChoice, double agreement, Double kappa) {
    }

    /** Two labelers' agreement over all characters ({@code overall}, character "*") and per character. */
    public record Pair(String labelerA, String labelerB, Figures overall, List<Figures> perCharacter) {
    }

    public record Report(List<String> labelers, List<Pair> pairs) {
    }

    private enum Category { CHOSEN, REJECTED, NEITHER }

    /** @param repliesOfTurn the ids of a turn's replies */
    public static Report of(List<LabelVote> votes, LongFunction<List<Long>> repliesOfTurn) {
        Map<Long, Map<String, LabelVote>> byTurn = new TreeMap<>();
        votes.forEach(vote -> byTurn.computeIfAbsent(vote.turnId(), t -> new TreeMap<>()).put(vote.labeler(), vote));
        List<String> labelers = List.copyOf(new TreeSet<>(votes.stream().map(LabelVote::labeler).toList()));
        Map<Long, List<Long>> replies = new LinkedHashMap<>();
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < labelers.size(); i++) {
            for (int j = i + 1; j < labelers.size(); j++) {
                String a = labelers.get(i);
                String b = labelers.get(j);
                List<LabelVote[]> shared = new ArrayList<>();
                byTurn.values().forEach(turn -> {
                    if (turn.containsKey(a) && turn.containsKey(b)) {
                        shared.add(new LabelVote[] {turn.get(a), turn.get(b)});
                    }
                });
                if (shared.isEmpty()) {
                    continue;
                }
                Map<String, List<LabelVote[]>> perCharacter = new TreeMap<>();
                shared.forEach(s -> perCharacter.computeIfAbsent(s[0].characterId(), c -> new ArrayList<>()).add(s));
                LongFunction<List<Long>> cached = turn -> replies.computeIfAbsent(turn, repliesOfTurn::apply);
                pairs.add(new Pair(a, b, figures("*", shared, cached), perCharacter.entrySet().stream()
                        .map(e -> figures(e.getKey(), e.getValue(), cached)).toList()));
            }
        }
        return new Report(labelers, pairs);
    }

    private static Figures figures(String characterId, List<LabelVote[]> shared, LongFunction<List<Long>> replies) {
        int same = 0;
        int items = 0;
        int agreeing = 0;
        int[] countsA = new int[Category.values().length];
        int[] countsB = new int[Category.values().length];
        for (LabelVote[] pair : shared) {
            if (java.util.Objects.equals(pair[0].chosenCandidateId(), pair[1].chosenCandidateId())) {
                same++;
            }
            for (long reply : replies.apply(pair[0].turnId())) {
                Category a = category(pair[0], reply);
                Category b = category(pair[1], reply);
                items++;
                countsA[a.ordinal()]++;
                countsB[b.ordinal()]++;
                if (a == b) {
                    agreeing++;
                }
            }
        }
        Double kappa = null;
        if (items > 0) {
            double observed = (double) agreeing / items;
            double chance = 0;
            for (int k = 0; k < countsA.length; k++) {
                chance += ((double) countsA[k] / items) * ((double) countsB[k] / items);
            }
            kappa = chance >= 1.0 ? null : (observed - chance) / (1.0 - chance);
        }
        return new Figures(characterId, shared.size(), same, (double) same / shared.size(), kappa);
    }

    private static Category category(LabelVote vote, long reply) {
        if (Long.valueOf(reply).equals(vote.chosenCandidateId())) {
            return Category.CHOSEN;
        }
        return vote.rejected().contains(reply) ? Category.REJECTED : Category.NEITHER;
    }
}
