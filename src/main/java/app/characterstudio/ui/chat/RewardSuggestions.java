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

    /** Puts the scores and the pick of {@code turnId} on its cards. */
    void show(long turnId, List<CandidateItem> items) {
        RewardScoring rewards = scoring.get();
        set = rewards == null ? null : rewards.currentSet().orElse(null);
        pick = null;
        Map<Long, Double> scores = set == null ? Map.of() : rewards.scoresOfTurn(set, turnId);
        if (set != null) {
            pick = rewards.suggestion(set, turnId).orElse(null);
        }
        for (CandidateItem item : items) {
            Double score = item.candidate() == null ? null : scores.get(item.candidate().id());
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
