package app.characterstudio.ui.reward;

import app.characterstudio.StudioException;
import app.characterstudio.export.RewardLayout;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.reward.RewardModel;
import app.characterstudio.scoring.RewardAgreement;
import app.characterstudio.scoring.RewardScoring;
import app.characterstudio.scoring.ScoringListener;
import app.characterstudio.scoring.ScoringReport;
import app.characterstudio.scoring.ScoringScope;
import app.characterstudio.store.ScoreSet;
import app.characterstudio.ui.kit.TaskExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The reward model panel without its controls. Scoring loads the model in the background beside the chat model,
 * stores every finished batch, and frees the model when done; the figures are read from the store.
 */
public final class RewardPanelModel {
    private final Supplier<RewardScoring> scoring;
    private final Path modelsDir;
    private final TaskExecutor executor;
    private final Consumer<RewardAgreement.Disagreement> openTurn;

    final ObservableList<Path> folders = FXCollections.observableArrayList();
    final ObjectProperty<Path> folder = new SimpleObjectProperty<>();
    final ObservableList<String> layouts = FXCollections.observableArrayList(RewardLayout.ids());
    final ObjectProperty<String> layout = new SimpleObjectProperty<>(RewardLayout.DEFAULT.id());
    final StringProperty cost = new SimpleStringProperty("");
    final ObservableList<ScoreSet> sets = FXCollections.observableArrayList();
    final ObjectProperty<ScoreSet> set = new SimpleObjectProperty<>();
    final ObjectProperty<RewardAgreement> agreement = new SimpleObjectProperty<>();
    final BooleanProperty scoringNow = new SimpleBooleanProperty();
    final DoubleProperty progress = new SimpleDoubleProperty();
    final StringProperty status = new SimpleStringProperty("");
    private volatile boolean cancelRequested;
    private boolean updating;

    public RewardPanelModel(Supplier<RewardScoring> scoring, Path modelsDir, TaskExecutor executor,
                            Consumer<RewardAgreement.Disagreement> openTurn) {
        this.scoring = scoring;
        this.modelsDir = modelsDir;
        this.executor = executor;
        this.openTurn = openTurn;
        folder.addListener((obs, old, now) -> folderChosen(now));
        layout.addListener((obs, old, now) -> layoutChosen(now));
        set.addListener((obs, old, now) -> refreshAgreement());
    }

    public ObjectProperty<Path> folderProperty() {
        return folder;
    }

    public ObjectProperty<String> layoutProperty() {
        return layout;
    }

    public ObjectProperty<RewardAgreement> agreementProperty() {
        return agreement;
    }

    public ObjectProperty<ScoreSet> setProperty() {
        return set;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public BooleanProperty scoringProperty() {
        return scoringNow;
    }

    /** Lists the folders under models/, selects the workspace's chosen reward model and reads the score sets. */
    public void load() {
        try (Stream<Path> list = Files.isDirectory(modelsDir) ? Files.list(modelsDir) : Stream.empty()) {
            folders.setAll(list.filter(Files::isDirectory).sorted().toList());
        } catch (IOException e) {
            status.set("Cannot list " + modelsDir + ": " + e.getMessage());
        }
        executor.submit(() -> scoring.get().chosenModel(), chosen -> {
            chosen.map(Path::of).ifPresent(path -> {
                if (!folders.contains(path)) {
                    folders.add(path);
                }
                updating = true;
                folder.set(path);
                updating = false;
                showLayoutAndCost(path);
            });
            refreshSets();
        }, status);
    }

    /** Scores every stored reply the chosen model has not scored yet. */
    public void score() {
        Path dir = folder.get();
        if (dir == null || scoringNow.get()) {
            status.set(dir == null ? "Choose a reward model folder first." : status.get());
            return;
        }
        cancelRequested = false;
        scoringNow.set(true);
        progress.set(0);
        status.set("Loading " + dir.getFileName() + "…");
        Task<ScoringReport> task = new Task<>() {
            @Override
            protected ScoringReport call() {
                try (RewardModel rm = RewardModel.open(dir, LoadOptions.DEFAULTS, LoadProgress.IGNORE,
                        () -> cancelRequested)) {
                    updateMessage("Scoring with " + rm.name() + " on " + rm.device() + "…");
                    return scoring.get().score(rm, ScoringScope.all(), RewardModel.DEFAULT_BATCH,
                            new ScoringListener() {
                                @Override
                                public void progress(int done, int total) {
                                    updateProgress(done, Math.max(1, total));
                                    updateMessage("Scored " + done + " of " + total + " replies");
                                }

                                @Override
                                public boolean isCancelled() {
                                    return cancelRequested;
                                }
                            });
                }
            }
        };
        progress.bind(task.progressProperty());
        task.messageProperty().addListener((obs, old, now) -> status.set(now));
        task.setOnSucceeded(e -> {
            finished();
            ScoringReport report = task.getValue();
            status.set(String.format(Locale.ROOT, "%s: %d scored now, %d already scored%s", report.set().label(),
                    report.scored(), report.skipped(), report.cancelled()
                            ? "; stopped, " + report.left() + " left (Score again resumes)" : "."));
            refreshSets();
            set.set(sets.stream().filter(s -> s.id() == report.set().id()).findFirst().orElse(null));
        });
        task.setOnFailed(e -> {
            finished();
            status.set(task.getException() instanceof StudioException s ? s.getMessage()
                    : "Scoring failed: " + task.getException());
            refreshSets();
        });
        executor.execute(task);
    }

    /** Stops after the batch in hand; what was scored stays stored. */
    public void cancel() {
        cancelRequested = true;
    }

    public void open(RewardAgreement.Disagreement disagreement) {
        openTurn.accept(disagreement);
    }

    private void finished() {
        progress.unbind();
        scoringNow.set(false);
    }

    private void refreshSets() {
        executor.submit(() -> scoring.get().scoreSets(), found -> {
            ScoreSet shown = set.get();
            sets.setAll(found);
            ScoreSet next = shown == null ? null : found.stream().filter(s -> s.id() == shown.id()).findFirst().orElse(null);
            if (next == null && !found.isEmpty()) {
                next = scoring.get().currentSet().orElse(found.get(found.size() - 1));
            }
            if (next == set.get()) {
                refreshAgreement();
            } else {
                set.set(next);
            }
        }, status);
    }

    private void refreshAgreement() {
        ScoreSet shown = set.get();
        if (shown == null) {
            agreement.set(null);
            return;
        }
        executor.submit(() -> scoring.get().agreement(shown, Set.of()), agreement::set, status);
    }

    private void folderChosen(Path dir) {
        if (dir == null || updating) {
            return;
        }
        executor.submit(() -> {
            scoring.get().chooseModel(dir.toString());
            return dir;
        }, this::showLayoutAndCost, status);
    }

    private void showLayoutAndCost(Path dir) {
        String name = dir.getFileName().toString();
        executor.submit(() -> scoring.get().layoutOf(name).id(), id -> {
            updating = true;
            layout.set(id);
            updating = false;
        }, status);
        cost.set("Scoring loads " + name + " beside the chat model: about " + megabytes(dir)
                + " MB of weights on the device (in the precision it runs), freed when scoring ends.");
    }

    private void layoutChosen(String id) {
        Path dir = folder.get();
        if (id == null || dir == null || updating) {
            return;
        }
        String name = dir.getFileName().toString();
        executor.submit(() -> {
            scoring.get().setLayout(name, RewardLayout.parse(id));
            return id;
        }, saved -> status.set(name + " reads its replies as " + saved + " from now on (a new score set)."), status);
    }

    private static long megabytes(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            long bytes = files.filter(p -> List.of(".safetensors", ".bin").stream()
                    .anyMatch(p.getFileName().toString()::endsWith)).mapToLong(p -> p.toFile().length()).sum();
            return Math.max(1, Math.round(bytes / 1_048_576.0));
        } catch (IOException e) {
            return 0;
        }
    }
}
