package app.characterstudio.export;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one label into a chosen reply and the replies rejected against it. The rules:
 * <ol>
 *   <li>Chosen is the label's chosen candidate; without one, the candidate ranked first; without a
 *       ranking and with edit pairs on, the newest edit among the turn's candidates (an edited reply
 *       counts as chosen over its origin); otherwise there is no chosen reply.</li>
 *   <li>Rejected are the label's explicit rejections, in candidate order.</li>
 *   <li>Edit pairs (on unless the export option or the label turns them off): if the chosen reply is
 *       an edit, every reply it was edited from (the whole chain back to the model's reply) is rejected
 *       too, unless the label ranks that origin at or above the edit or it is the chosen candidate
 *       itself: the edit is the better version of it. The chat room shows such an origin as
 *       "rejected (edited)".</li>
 *   <li>Candidates ranked below the chosen one are rejected.</li>
 *   <li>A rejected text equal to the chosen text (after trimming), a blank text, or a text already
 *       rejected is dropped, so no pair is ever (x, x) and no value is empty.</li>
 * </ol>
 */
public final class PreferenceRules {
    private PreferenceRules() {
    }

    /** A candidate reply as stored. {@code editedFrom} is 0 when it is not an edit. */
    public record Candidate(long id, String text, String origin, long editedFrom) {
        boolean isEdit() {
            return "edit".equals(origin);
        }
    }

    /**
     * The outcome: chosen text (or null), rejected texts, ranking texts best first.
     *
     * @param editPairs how many of the rejected texts are there only because the chosen edit was made from them
     */
    public record Outcome(String chosen, List<String> rejected, List<String> ranking, int editPairs) {
    }

    /**
     * @param turnCandidates the turn's candidates in id order
     * @param all            every candidate by id (edit origins may sit anywhere)
     * @param chosenId       the label's chosen candidate id, 0 for none
     * @param rejectedIds    the label's rejected candidate ids
     * @param rankedIds      candidate ids best first (empty when not ranked)
     * @param editPairs      whether a chosen edit rejects the replies it was made from (rules 1 and 3)
     */
    public static Outcome resolve(List<Candidate> turnCandidates, Map<Long, Candidate> all, long chosenId,
                                  List<Long> rejectedIds, List<Long> rankedIds, boolean editPairs) {
        Candidate chosen = chosenId != 0 ? all.get(chosenId) : null;
        if (chosen == null && !rankedIds.isEmpty()) {
            chosen = all.get(rankedIds.get(0));
        }
        if (chosen == null && editPairs) {
            chosen = turnCandidates.stream().filter(Candidate::isEdit).reduce((a, b) -> b).orElse(null);
        }
        Set<Long> rejected = new LinkedHashSet<>(rejectedIds);
        Set<Long> byEdit = new LinkedHashSet<>();
        if (chosen != null) {
            int chosenRank = rankedIds.indexOf(chosen.id());
            if (chosenRank >= 0) {
                rejected.addAll(rankedIds.subList(chosenRank + 1, rankedIds.size()));
            }
            Candidate origin = chosen.isEdit() && editPairs ? all.get(chosen.editedFrom()) : null;
            Set<Long> seen = new LinkedHashSet<>();
            while (origin != null && seen.add(origin.id()) && origin.id() != chosen.id()) {
                int originRank = rankedIds.indexOf(origin.id());
                boolean rankedAtOrAbove = originRank >= 0 && chosenRank >= 0 && originRank <= chosenRank;
                if (!rankedAtOrAbove && !rejected.contains(origin.id())) {
                    byEdit.add(origin.id());
                }
                origin = origin.isEdit() ? all.get(origin.editedFrom()) : null;
            }
        }
        String chosenText = chosen == null || chosen.text().isBlank() ? null : chosen.text();
        Set<String> texts = new LinkedHashSet<>();
        addTexts(rejected, all, chosen, chosenText, texts);
        int explicit = texts.size();
        addTexts(byEdit, all, chosen, chosenText, texts);
        List<String> ranking = new ArrayList<>();
        for (long id : rankedIds) {
            Candidate candidate = all.get(id);
            if (candidate != null && !candidate.text().isBlank()) {
                ranking.add(candidate.text());
            }
        }
        return new Outcome(chosenText, List.copyOf(texts), ranking, texts.size() - explicit);
    }

    /** Adds the usable texts of {@code ids}: not blank, not the chosen reply, not its text again. */
    private static void addTexts(Set<Long> ids, Map<Long, Candidate> all, Candidate chosen, String chosenText,
                                 Set<String> texts) {
        for (long id : ids) {
            Candidate candidate = all.get(id);
            if (candidate == null || candidate.text().isBlank() || (chosen != null && id == chosen.id())) {
                continue;
            }
            if (chosenText != null && candidate.text().strip().equals(chosenText.strip())) {
                continue;
            }
            texts.add(candidate.text());
        }
    }
}
