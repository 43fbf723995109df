package app.characterstudio.export;

import app.characterstudio.store.LabelVote;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whose labels an export uses: this workspace's own (the default), one labeler's (own or merged from a bundle),
 * or every labeler's together. With several labels of one turn, they must agree on the chosen and the rejected
 * replies; where they disagree the turn is skipped (the default) or the newest label is taken.
 *
 * @param labeler   {@value #OWN}, {@value #ALL} or a labeler's name
 * @param conflicts what to do with a turn whose labelers disagree
 */
public record LabelSource(String labeler, Conflicts conflicts) {
    public static final String OWN = "own";
    public static final String ALL = "all";
    /** The default: this workspace's own labels. */
    public static final LabelSource MINE = new LabelSource(OWN, Conflicts.SKIP);
    /** The reason skipped turns are counted under in the export's removed counts. */
    public static final String DISAGREE = "labelers disagree";

    /** A turn whose labelers disagree: left out, or the label saved last wins. */
    public enum Conflicts {
        SKIP, LATEST;

        public static Conflicts parse(String text) {
            for (Conflicts value : values()) {
                if (value.name().equalsIgnoreCase(text.strip())) {
                    return value;
                }
            }
            throw new ExportException("Unknown conflict policy '" + text + "'; expected skip or latest.");
        }
    }

    public LabelSource {
        labeler = labeler == null || labeler.isBlank() ? OWN : labeler.strip();
        conflicts = conflicts == null ? Conflicts.SKIP : conflicts;
    }

    /** Parses {@code own}, {@code all} or a labeler name, with the conflict policy. */
    public static LabelSource of(String labeler, Conflicts conflicts) {
        String name = labeler == null ? OWN : labeler.strip();
        if (name.equalsIgnoreCase(OWN) || name.equalsIgnoreCase(ALL)) {
            name = name.toLowerCase(Locale.ROOT);
        }
        return new LabelSource(name, conflicts);
    }

    /** Only this workspace's own labels, read as they always were. */
    public boolean ownOnly() {
        return OWN.equals(labeler);
    }

    /** "own", "all labelers" or "alice", for the preview. */
    public String describe() {
        return ownOnly() ? "own labels" : ALL.equals(labeler) ? "all labelers" : "labeler " + labeler;
    }

    /** The label a turn is exported with, and whose it is ("alice", or "alice+bob" when they agree). */
    record Decision(long turnId, Long chosenId, List<Long> rejected, long labeledAt, boolean safetyCase, String by) {
    }

    /** The turns' decisions and how many turns were left out because their labelers disagreed. */
    record Resolution(Map<Long, Decision> decisions, int conflicting) {
    }

    /**
     * Decides each turn from {@code votes} (every labeler's latest label of each turn): the votes of this source's
     * labeler (or all), agreeing ones joined, disagreeing ones by the policy.
     *
     * @param ownLabeler the workspace's labeler name (its own labels may carry "" when made before it was set)
     */
    Resolution resolve(List<LabelVote> votes, String ownLabeler) {
        Map<Long, List<LabelVote>> byTurn = new TreeMap<>();
        for (LabelVote vote : votes) {
            if (ALL.equals(labeler) || labeler.equals(vote.labeler())
                    || labeler.equals(ownLabeler) && vote.labeler().isEmpty()) {
                byTurn.computeIfAbsent(vote.turnId(), t -> new ArrayList<>()).add(vote);
            }
        }
        Map<Long, Decision> decisions = new HashMap<>();
        int conflicting = 0;
        for (Map.Entry<Long, List<LabelVote>> turn : byTurn.entrySet()) {
            List<LabelVote> those = turn.getValue();
            LabelVote first = those.get(0);
            boolean agree = those.stream().allMatch(v -> java.util.Objects.equals(v.chosenCandidateId(),
                    first.chosenCandidateId()) && v.rejected().equals(first.rejected()));
            if (agree) {
                decisions.put(turn.getKey(), new Decision(turn.getKey(), first.chosenCandidateId(), first.rejected(),
                        those.stream().mapToLong(LabelVote::labeledAt).max().orElse(0),
                        those.stream().anyMatch(LabelVote::safetyCase),
                        String.join("+", those.stream().map(v -> v.labeler().isEmpty() ? ownLabeler : v.labeler())
                                .sorted().toList())));
            } else if (conflicts == Conflicts.LATEST) {
                LabelVote latest = those.stream().max(java.util.Comparator.comparingLong(LabelVote::labeledAt))
                        .orElseThrow();
                decisions.put(turn.getKey(), new Decision(turn.getKey(), latest.chosenCandidateId(), latest.rejected(),
                        latest.labeledAt(), latest.safetyCase(), latest.labeler()));
            } else {
                conflicting++;
            }
        }
        return new Resolution(decisions, conflicting);
    }
}
