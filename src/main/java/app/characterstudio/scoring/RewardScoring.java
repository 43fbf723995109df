package app.characterstudio.scoring;

import app.characterstudio.export.ExportOptions;
import app.characterstudio.export.ExportRecord;
import app.characterstudio.export.LabeledTurnQuery;
import app.characterstudio.export.RewardLayout;
import app.characterstudio.label.Label;
import app.characterstudio.label.LabelService;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.reward.RewardInput;
import app.characterstudio.reward.RewardModel;
import app.characterstudio.store.Database;
import app.characterstudio.store.RewardScoreRepository;
import app.characterstudio.store.ScorableTurn;
import app.characterstudio.store.ScoreSet;
import app.characterstudio.store.SettingsRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores stored candidates with a reward model and reads the scores back: per turn, the model's suggestion, and
 * its agreement with the creator's labels. The layout a model's input is rendered in is a workspace setting per
 * model name ({@value #LAYOUT_KEY}NAME), {@link RewardLayout#DEFAULT} until set.
 */
public final class RewardScoring {
    public static final String LAYOUT_KEY = "reward.layout.";
    /** The workspace's chosen reward model folder, loaded beside the chat model in the window. */
    public static final String MODEL_KEY = "reward.model";
    private static final int HISTOGRAM_BINS = 12;
    private static final int DISAGREEMENTS = 50;

    private final Database database;
    private final RewardScoreRepository scores;
    private final SettingsRepository settings;
    private final PersonaRepository personas;
    private final LabelService labels;

    public RewardScoring(Database database, PersonaRepository personas, LabelService labels) {
        this.database = database;
        this.scores = new RewardScoreRepository(database);
        this.settings = new SettingsRepository(database);
        this.personas = personas;
        this.labels = labels;
    }

    /** The layout reward model {@code modelName}'s input is rendered in. */
    public RewardLayout layoutOf(String modelName) {
        return settings.get(LAYOUT_KEY + modelName).map(RewardLayout::parse).orElse(RewardLayout.DEFAULT);
    }

    public void setLayout(String modelName, RewardLayout layout) {
        settings.put(LAYOUT_KEY + modelName, layout.id());
    }

    public Optional<String> chosenModel() {
        return settings.get(MODEL_KEY);
    }

    public void chooseModel(String folder) {
        settings.put(MODEL_KEY, folder);
    }

    public List<ScoreSet> scoreSets() {
        return scores.scoreSets();
    }

    /**
     * The score set the window shows: the newest of the chosen reward model's (by folder name), else the newest of
     * all; empty before anything was scored.
     */
    public Optional<ScoreSet> currentSet() {
        List<ScoreSet> sets = scores.scoreSets();
        if (sets.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> chosen = chosenModel().map(folder -> java.nio.file.Path.of(folder).getFileName().toString());
        if (chosen.isPresent()) {
            for (int i = sets.size() - 1; i >= 0; i--) {
                if (sets.get(i).modelName().equals(chosen.get())) {
                    return Optional.of(sets.get(i));
                }
            }
        }
        return Optional.of(sets.get(sets.size() - 1));
    }

    /** The score set a name (a model name, or NAME@HASH as shown) stands for; the newest of several. */
    public Optional<ScoreSet> findSet(String name) {
        return scores.findSet(name);
    }

    /** The score set {@code model} writes to in its current layout (created when new). */
    public ScoreSet setOf(RewardModel model) {
        return scores.scoreSet(model.name(), model.weightsHash(), layoutOf(model.name()).id());
    }

    /** Exactly what {@code model} reads for each candidate of {@code turn}, in reply order. */
    public List<RewardInput> inputsOf(ScorableTurn turn, RewardLayout layout) {
        String prompt = layout.renderer(personas::find).prompt(turn);
        return turn.replies().stream().map(reply -> new RewardInput(prompt, reply.text())).toList();
    }

    /**
     * Scores the candidates of {@code scope} that {@code model}'s set has not scored, {@code batch} to a forward
     * pass, storing each batch as it is done: a cancel (checked between batches) keeps them, a new run resumes.
     */
    public ScoringReport score(RewardModel model, ScoringScope scope, int batch, ScoringListener listener) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batch);
        }
        RewardLayout layout = layoutOf(model.name());
        ScoreSet set = scores.scoreSet(model.name(), model.weightsHash(), layout.id());
        Set<Long> done = new HashSet<>(scores.scoredBy(set.id()));
        if (scope.unscoredOnly()) {
            done.addAll(scores.scoredByAny());
        }
        RewardLayout.Renderer renderer = layout.renderer(personas::find);
        List<Long> ids = new ArrayList<>();
        List<RewardInput> inputs = new ArrayList<>();
        int candidates = 0;
        for (ScorableTurn turn : scores.scorableTurns(scope.characters(), scope.sessions())) {
            String prompt = null;
            for (ScorableTurn.Reply reply : turn.replies()) {
                candidates++;
                if (done.contains(reply.candidateId())) {
                    continue;
                }
                prompt = prompt != null ? prompt : renderer.prompt(turn);
                ids.add(reply.candidateId());
                inputs.add(new RewardInput(prompt, reply.text()));
            }
        }
        // Similar lengths share a batch, so little of a forward pass is padding; order changes no score.
        Integer[] order = new Integer[ids.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> inputs.get(i).prompt().length() + inputs.get(i).reply().length()));
        int scored = 0;
        listener.progress(0, ids.size());
        for (int from = 0; from < order.length; from += batch) {
            if (listener.isCancelled()) {
                return new ScoringReport(set, candidates, candidates - ids.size(), scored, true);
            }
            List<Integer> chunk = java.util.Arrays.asList(order).subList(from, Math.min(order.length, from + batch));
            List<Double> result = model.score(chunk.stream().map(inputs::get).toList(), batch);
            Map<Long, Double> stored = new LinkedHashMap<>();
            for (int i = 0; i < chunk.size(); i++) {
                stored.put(ids.get(chunk.get(i)), result.get(i));
            }
            scores.addScores(set.id(), stored);
            scored += chunk.size();
            listener.progress(scored, ids.size());
        }
        return new ScoringReport(set, candidates, candidates - ids.size(), scored, false);
    }

    /** The set's scores of a turn's candidates, by candidate id (none when unscored). */
    public Map<Long, Double> scoresOfTurn(ScoreSet set, long turnId) {
        return scores.scoresOfTurn(set.id(), turnId);
    }

    /**
     * The set's pick of a turn: its highest-scored candidate, when at least two are scored and the top score is not
     * shared.
     */
    public Optional<Long> suggestion(ScoreSet set, long turnId) {
        Map<Long, Double> turn = scoresOfTurn(set, turnId);
        if (turn.size() < 2) {
            return Optional.empty();
        }
        List<Map.Entry<Long, Double>> ranked = turn.entrySet().stream()
                .sorted(Map.Entry.<Long, Double>comparingByValue().reversed()).toList();
        return ranked.get(0).getValue() > ranked.get(1).getValue() ? Optional.of(ranked.get(0).getKey()) : Optional.empty();
    }

    /**
     * Makes the set's pick of {@code turnId} the creator's label (keeping what the label says besides), recording
     * the set as {@code suggested_by}. From then on it is a human label like any other.
     */
    public Label acceptSuggestion(ScoreSet set, long turnId) {
        long pick = suggestion(set, turnId).orElseThrow(() -> new ScoringException("Turn " + turnId + " has no "
                + "suggestion from " + set.label() + ": it needs at least two replies scored, one above the rest."));
        Label current = labels.find(turnId).orElse(Label.empty(turnId));
        Label saved = labels.save(current.withChosen(pick));
        scores.markSuggested(turnId, set.id());
        return saved;
    }

    /** Whether the label of {@code turnId} was accepted from a reward model's suggestion. */
    public boolean isSuggested(long turnId) {
        return scores.suggestedBy(turnId).isPresent();
    }

    /** Agreement of {@code set} with the labels of {@code characters} (empty: all), over the export's pairs. */
    public RewardAgreement agreement(ScoreSet set, Set<String> characters) {
        Map<Long, Map<String, Double>> byTurn = scores.scoresByTurnAndText(set.id());
        List<ExportRecord> records = new LabeledTurnQuery(database)
                .read(ExportOptions.defaults().withCharacters(characters).withSystemPart(ExportOptions.SystemPart.PERSONA))
                .records();
        int[] overall = new int[2];
        Map<String, int[]> perCharacter = new TreeMap<>();
        Map<String, int[]> perReason = new TreeMap<>();
        List<Double> chosenScores = new ArrayList<>();
        List<Double> rejectedScores = new ArrayList<>();
        List<RewardAgreement.Disagreement> disagreements = new ArrayList<>();
        int unscored = 0;
        for (ExportRecord record : records) {
            if (!record.hasPair()) {
                continue;
            }
            Map<String, Double> turn = byTurn.getOrDefault(record.turnId(), Map.of());
            Double chosen = turn.get(record.chosen());
            for (String rejectedText : record.rejected()) {
                Double rejected = turn.get(rejectedText);
                if (chosen == null || rejected == null) {
                    unscored++;
                    continue;
                }
                chosenScores.add(chosen);
                rejectedScores.add(rejected);
                boolean agrees = chosen > rejected;
                tally(overall, agrees);
                tally(perCharacter.computeIfAbsent(record.characterId(), k -> new int[2]), agrees);
                for (String reason : record.reasons().isEmpty() ? List.of("none") : record.reasons()) {
                    tally(perReason.computeIfAbsent(reason, k -> new int[2]), agrees);
                }
                if (!agrees) {
                    disagreements.add(new RewardAgreement.Disagreement(record.characterId(), record.sessionId(),
                            record.turnId(), record.chosen(), rejectedText, chosen, rejected));
                }
            }
        }
        disagreements.sort(Comparator.comparingDouble(RewardAgreement.Disagreement::margin).reversed());
        return new RewardAgreement(accuracy(overall), accuracies(perCharacter), accuracies(perReason),
                histogram(chosenScores, rejectedScores), List.copyOf(disagreements.subList(0,
                Math.min(DISAGREEMENTS, disagreements.size()))), unscored);
    }

    private static void tally(int[] counts, boolean agrees) {
        counts[0] += agrees ? 1 : 0;
        counts[1]++;
    }

    private static RewardAgreement.Accuracy accuracy(int[] counts) {
        return RewardAgreement.Accuracy.of(counts[0], counts[1]);
    }

    private static Map<String, RewardAgreement.Accuracy> accuracies(Map<String, int[]> counts) {
        Map<String, RewardAgreement.Accuracy> result = new TreeMap<>();
        counts.forEach((key, value) -> result.put(key, accuracy(value)));
        return result;
    }

    private static RewardAgreement.Histogram histogram(List<Double> chosen, List<Double> rejected) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (List<Double> values : List.of(chosen, rejected)) {
            for (double value : values) {
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        if (min > max) {
            return new RewardAgreement.Histogram(0, 0, new int[HISTOGRAM_BINS], new int[HISTOGRAM_BINS]);
        }
        if (min == max) {
            max = min + 1e-9;
        }
        return new RewardAgreement.Histogram(min, max, bins(chosen, min, max), bins(rejected, min, max));
    }

    private static int[] bins(List<Double> values, double min, double max) {
        int[] bins = new int[HISTOGRAM_BINS];
        for (double value : values) {
            bins[Math.min(HISTOGRAM_BINS - 1, (int) ((value - min) / (max - min) * HISTOGRAM_BINS))]++;
        }
        return bins;
    }
}
