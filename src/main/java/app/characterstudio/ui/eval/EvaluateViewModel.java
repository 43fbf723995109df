package app.characterstudio.ui.eval;

import app.characterstudio.StudioException;
import app.characterstudio.eval.EvalReport;
import app.characterstudio.eval.EvalService;
import app.characterstudio.eval.Metric;
import app.characterstudio.eval.Sampling;
import app.characterstudio.store.EvalRepository.ItemRow;
import app.characterstudio.store.EvalRepository.ReplyRow;
import app.characterstudio.store.EvalRepository.RunRow;
import app.characterstudio.store.EvalRepository.SetRow;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
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

/** The Evaluate room's state and commands, free of controls. */
public final class EvaluateViewModel {
    private final EvalService evals;
    private final Supplier<Studio.EvalRunner> runners;
    private final TaskExecutor executor;
    private final ObservableList<SetRow> sets = FXCollections.observableArrayList();
    private final ObservableList<RunRow> runs = FXCollections.observableArrayList();
    private final ObjectProperty<SetRow> selectedSet = new SimpleObjectProperty<>();
    private final ObjectProperty<RunRow> selectedRun = new SimpleObjectProperty<>();
    private final ObjectProperty<RunRow> compareRun = new SimpleObjectProperty<>();
    private final ObjectProperty<EvalReport> report = new SimpleObjectProperty<>();
    private final StringProperty importFolder = new SimpleStringProperty("");
    private final StringProperty limit = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    /** The room's reply source as the header shows it: "backend NAME · SERVED_MODEL", or empty for the loaded model. */
    private final StringProperty answeredBy = new SimpleStringProperty("");
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    /** The rating queue: the selected run's replies, one metric at a time. */
    private final List<RatingSlot> ratingQueue = new ArrayList<>();
    private final ObjectProperty<RatingSlot> ratingSlot = new SimpleObjectProperty<>();
    private final StringProperty changeDetail = new SimpleStringProperty("");
    /** The run form's sampling, starting from {@link Sampling#defaults()} as {@code eval run} does. */
    private final StringProperty temperature = new SimpleStringProperty(number(Sampling.defaults().temperature()));
    private final StringProperty topP = new SimpleStringProperty(number(Sampling.defaults().topP()));
    private final StringProperty maxNewTokens = new SimpleStringProperty(String.valueOf(Sampling.defaults().maxNewTokens()));
    private final StringProperty seed = new SimpleStringProperty(String.valueOf(Sampling.defaults().seed()));
    /** The rating queue's sample size (blank: every answered item in order) and the seed that draws it. */
    private final StringProperty ratingSampleSize = new SimpleStringProperty("");
    private final StringProperty ratingSeed = new SimpleStringProperty("1");
    /** Items of the selected run scoring below this (the mean of their reward-model scores) go to the Chat room. */
    private final StringProperty sendBelow = new SimpleStringProperty("");

    /** One reply to rate on one metric. */
    public record RatingSlot(long runId, ItemRow item, ReplyRow reply, Metric metric, int index, int total) {
    }

    /**
     * @param runners what answers a run started now (asked on the run's background task, once per run): the room's
     *                chosen backend, else the loaded model
     */
    public EvaluateViewModel(EvalService evals, Supplier<Studio.EvalRunner> runners, TaskExecutor executor) {
        this.evals = evals;
        this.runners = runners;
        this.executor = executor;
        selectedRun.addListener((obs, was, run) -> {
            showReport();
            loadRatingQueue();
        });
        compareRun.addListener((obs, was, run) -> showReport());
    }

    public ObservableList<SetRow> sets() {
        return sets;
    }

    public ObservableList<RunRow> runs() {
        return runs;
    }

    public ObjectProperty<SetRow> selectedSet() {
        return selectedSet;
    }

    public ObjectProperty<RunRow> selectedRun() {
        return selectedRun;
    }

    public ObjectProperty<RunRow> compareRun() {
        return compareRun;
    }

    public ObjectProperty<EvalReport> report() {
        return report;
    }

    public StringProperty importFolder() {
        return importFolder;
    }

    public StringProperty limit() {
        return limit;
    }

    public StringProperty status() {
        return status;
    }

    public DoubleProperty progress() {
        return progress;
    }

    public BooleanProperty running() {
        return running;
    }

    /** "backend NAME · SERVED_MODEL" while the room's runs go to a backend; empty while the loaded model answers. */
    public StringProperty answeredBy() {
        return answeredBy;
    }

    public ObjectProperty<RatingSlot> ratingSlot() {
        return ratingSlot;
    }

    public StringProperty temperature() {
        return temperature;
    }

    public StringProperty topP() {
        return topP;
    }

    public StringProperty maxNewTokens() {
        return maxNewTokens;
    }

    public StringProperty seed() {
        return seed;
    }

    public StringProperty ratingSampleSize() {
        return ratingSampleSize;
    }

    public StringProperty ratingSeed() {
        return ratingSeed;
    }

    public StringProperty sendBelow() {
        return sendBelow;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** The form's sampling; a field that does not parse is named in the status and null is returned. */
    private Sampling formSampling() {
        Sampling d = Sampling.defaults();
        String field = "temperature";
        try {
            double t = Double.parseDouble(temperature.get().strip());
            field = "top-p";
            double p = Double.parseDouble(topP.get().strip());
            field = "max new tokens";
            int tokens = Integer.parseInt(maxNewTokens.get().strip());
            field = "seed";
            long s = Long.parseLong(seed.get().strip());
            field = "sampling";
            return new Sampling(tokens, t, d.topK(), p, d.repetitionPenalty(), s);
        } catch (NumberFormatException e) {
            status.set("The " + field + " must be a number, not '" + switch (field) {
                case "temperature" -> temperature.get();
                case "top-p" -> topP.get();
                case "max new tokens" -> maxNewTokens.get();
                default -> seed.get();
            } + "'.");
        } catch (IllegalArgumentException e) {
            status.set(e.getMessage());
        }
        return null;
    }

    /** Sends the selected run's items scoring below {@link #sendBelow()} into chat sessions to label. */
    public void sendLowItemsToChat() {
        RunRow run = selectedRun.get();
        if (run == null) {
            status.set("Choose a run first.");
            return;
        }
        double below;
        try {
            below = Double.parseDouble(sendBelow.get().strip());
        } catch (NumberFormatException e) {
            status.set("Send items below what score? '" + sendBelow.get() + "' is not a number.");
            return;
        }
        executor.submit(() -> evals.toSessions(run.id(), below, null, null), sent -> status.set(sent.isEmpty()
                ? "No item of run " + run.id() + " scores below " + sendBelow.get().strip() + "."
                : "Sent " + sent.size() + " items below " + sendBelow.get().strip() + " to the Chat room: sessions '"
                        + "eval run " + run.id() + " item …'."), status);
    }

    /** The prompt and both runs' replies of the changed item last opened. */
    public StringProperty changeDetail() {
        return changeDetail;
    }

    /** Opens an item of the report's "changed most": its prompt in the first run and both replies. */
    public void openChange(EvalReport.Changed change) {
        EvalReport shown = report.get();
        if (change == null || shown == null || shown.compared() == null) {
            changeDetail.set("");
            return;
        }
        long first = shown.run().id();
        long second = shown.compared().id();
        long item = change.item().id();
        executor.submit(() -> {
            ReplyRow a = evals.reply(first, item).orElseThrow();
            ReplyRow b = evals.reply(second, item).orElseThrow();
            return String.format(Locale.ROOT, "Item %s (%s): %.3f -> %.3f%n%nRun %d replied:%n%s%n%nRun %d replied:%n%s"
                            + "%n%nPrompt of run %d:%n%s", change.item().key(), change.item().role(), change.first(),
                    change.second(), first, a.output(), second, b.output(), first, a.prompt());
        }, changeDetail::set, status);
    }

    /** Reads sets and runs again. */
    public void refresh() {
        executor.submit(() -> new Lists(evals.sets(), evals.runs()), lists -> {
            SetRow set = selectedSet.get();
            sets.setAll(lists.sets());
            runs.setAll(lists.runs());
            if (set != null) {
                lists.sets().stream().filter(s -> s.id() == set.id()).findFirst().ifPresent(selectedSet::set);
            } else if (!sets.isEmpty()) {
                selectedSet.set(sets.get(0));
            }
        }, status);
    }

    private record Lists(List<SetRow> sets, List<RunRow> runs) {
    }

    /** Imports the CharacterEval folder typed in {@link #importFolder()}. */
    public void importCharacterEval() {
        String folder = importFolder.get().strip();
        if (folder.isEmpty()) {
            status.set("Choose the folder that holds test_data.jsonl, character_profiles.json and id2metric.jsonl.");
            return;
        }
        Path dir = Path.of(folder);
        executor.submit(() -> evals.importCharacterEval(dir, dir.getFileName() == null ? null
                : "charactereval-" + dir.getFileName()), set -> {
            status.set("Imported '" + set.name() + "': " + set.itemCount() + " items.");
            selectedSet.set(set);
            refresh();
        }, status);
    }

    /**
     * Runs the loaded model, or the backend the room chose, over the selected set (resuming a run of the same
     * settings and source), in the background.
     */
    public void startRun() {
        SetRow set = selectedSet.get();
        if (set == null) {
            status.set("Choose a test set first.");
            return;
        }
        Integer max;
        try {
            max = limit.get().isBlank() ? null : Integer.valueOf(limit.get().strip());
        } catch (NumberFormatException e) {
            status.set("The limit must be a whole number, not '" + limit.get() + "'.");
            return;
        }
        Sampling sampling = formSampling();
        if (sampling == null) {
            return;
        }
        cancelRequested.set(false);
        running.set(true);
        progress.set(0);
        status.set("Starting…");
        Task<EvalService.RunOutcome> task = new Task<>() {
            @Override
            protected EvalService.RunOutcome call() {
                Studio.EvalRunner runner = runners.get();
                return runner.evals().run(new EvalService.RunRequest(set.name(), null, sampling, max,
                        EvalService.DEFAULT_BATCH), runner.model(), runner.backendJson(), (done, total, rate, eta) -> {
                            updateProgress(done, total);
                            updateMessage(String.format(Locale.ROOT, "%d of %d items, %.2f items/s, about %s left", done,
                                    total, rate, Double.isNaN(eta) ? "?" : Math.round(eta) + " s"));
                        }, cancelRequested::get);
            }
        };
        task.progressProperty().addListener((obs, was, now) -> progress.set(Math.max(0, now.doubleValue())));
        task.messageProperty().addListener((obs, was, now) -> status.set(now));
        task.setOnSucceeded(event -> {
            EvalService.RunOutcome outcome = task.getValue();
            running.set(false);
            status.set((outcome.cancelled() ? "Stopped: " : "Done: ") + outcome.done() + " of " + outcome.total()
                    + " items in run " + outcome.run().id() + (outcome.cancelled() ? "; run again to continue." : "."));
            progress.set(outcome.total() == 0 ? 1 : (double) outcome.done() / outcome.total());
            executor.submit(evals::runs, list -> {
                runs.setAll(list);
                list.stream().filter(r -> r.id() == outcome.run().id()).findFirst().ifPresent(r -> {
                    selectedRun.set(null);
                    selectedRun.set(r);
                });
            }, status);
        });
        task.setOnFailed(event -> {
            running.set(false);
            status.set(task.getException() instanceof StudioException e ? e.getMessage() : "Failed: " + task.getException());
        });
        executor.execute(task);
    }

    /** Asks the run to stop after the item it is answering; what is answered stays. */
    public void cancel() {
        cancelRequested.set(true);
    }

    private void showReport() {
        RunRow run = selectedRun.get();
        if (run == null) {
            report.set(null);
            return;
        }
        RunRow other = compareRun.get();
        Long compare = other == null || other.id() == run.id() ? null : other.id();
        executor.submit(() -> evals.report(run.id(), compare, null), report::set, status);
    }

    /** Draws the rating queue again with the sample size and seed now in the form. */
    public void drawRatingQueue() {
        loadRatingQueue();
    }

    private void loadRatingQueue() {
        RunRow run = selectedRun.get();
        ratingQueue.clear();
        ratingSlot.set(null);
        if (run == null) {
            return;
        }
        Integer size;
        long drawSeed;
        try {
            size = ratingSampleSize.get().isBlank() ? null : Integer.valueOf(ratingSampleSize.get().strip());
            drawSeed = Long.parseLong(ratingSeed.get().strip());
        } catch (NumberFormatException e) {
            status.set("The sample size and its seed must be whole numbers.");
            return;
        }
        executor.submit(() -> {
            java.util.Map<Long, ReplyRow> replies = new java.util.HashMap<>();
            evals.replies(run.id()).forEach(r -> replies.put(r.itemId(), r));
            List<RatingSlot> slots = new ArrayList<>();
            for (ItemRow item : evals.ratingSample(run.id(), size, drawSeed)) {
                ReplyRow reply = replies.get(item.id());
                for (Metric metric : EvalService.metrics(item)) {
                    slots.add(new RatingSlot(run.id(), item, reply, metric, 0, 0));
                }
            }
            List<RatingSlot> numbered = new ArrayList<>();
            for (int i = 0; i < slots.size(); i++) {
                RatingSlot s = slots.get(i);
                numbered.add(new RatingSlot(s.runId(), s.item(), s.reply(), s.metric(), i, slots.size()));
            }
            return numbered;
        }, slots -> {
            ratingQueue.addAll(slots);
            ratingSlot.set(slots.isEmpty() ? null : slots.get(0));
        }, status);
    }

    /** Rates the shown reply on the shown metric (1-5) and moves to the next slot. */
    public void rate(int rating) {
        RatingSlot slot = ratingSlot.get();
        if (slot == null) {
            return;
        }
        executor.submit(() -> {
            evals.rate(slot.runId(), slot.item().id(), slot.metric().en(), rating);
            return rating;
        }, saved -> {
            status.set("Rated " + slot.item().key() + " " + slot.metric().en() + ": " + saved);
            move(1);
            showReport();
        }, status);
    }

    /** Moves through the rating queue without rating. */
    public void move(int step) {
        RatingSlot slot = ratingSlot.get();
        if (slot == null || ratingQueue.isEmpty()) {
            return;
        }
        int next = Math.max(0, Math.min(ratingQueue.size() - 1, slot.index() + step));
        ratingSlot.set(ratingQueue.get(next));
    }
}
