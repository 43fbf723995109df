package app.characterstudio.ui.chat;

import app.characterstudio.label.Label;
import app.characterstudio.scoring.RewardScoring;
import app.characterstudio.store.ScoreSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The reward model's view of the turn on screen: each card's stored score and the model's pick, from the
 * workspace's current score set ({@link RewardScoring#currentSet}). Shows nothing while nothing was scored.
 */
final class RewardSuggestions {
    private Supplier<RewardScoring> scoring = () -> null;
    private ScoreSet set;
    private Long pick;

    void use(Supplier<RewardScoring> source) {
        scoring = source;
    }

    /** The current score set, its scores of {@code turnId} and its pick: database reads, for a background task. */
    Scores read(long turnId) {
        RewardScoring rewards = scoring.get();
        ScoreSet current = rewards == null ? null : rewards.currentSet().orElse(null);
        if (current == null) {
            return new Scores(null, Map.of(), null);
        }
        return new Scores(current, rewards.scoresOfTurn(current, turnId), rewards.suggestion(current, turnId).orElse(null));
    }

    /** What {@link #read} found: no set (null) when nothing was scored. */
    record Scores(ScoreSet set, Map<Long, Double> byReply, Long pick) {
    }

    /** Puts the scores and the pick read by {@link #read} on the turn's cards. */
    void show(Scores read, List<CandidateItem> items) {
        set = read.set();
        pick = read.pick();
        for (CandidateItem item : items) {
            Double score = item.candidate() == null ? null : read.byReply().get(item.candidate().id());
            item.rewardScoreProperty().set(score == null ? ""
                    : String.format(Locale.ROOT, "%s %.3f", set.modelName(), score));
            item.suggestedProperty().set(pick != null && item.candidate() != null && item.candidate().id() == pick);
        }
    }

    /** "tiny-rm@0123456789ab", or empty when no set is shown. */
    Optional<String> setLabel() {
        return Optional.ofNullable(set).map(ScoreSet::label);
    }

    Optional<Long> pick() {
        return Optional.ofNullable(pick);
    }

    /** Makes the pick the creator's label of {@code turnId}. */
    Label accept(long turnId) {
        return scoring.get().acceptSuggestion(set, turnId);
    }
}
