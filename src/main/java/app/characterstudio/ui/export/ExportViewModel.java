package app.characterstudio.ui.export;

import app.characterstudio.StudioException;
import app.characterstudio.export.DatasetFormat;
import app.characterstudio.export.DatasetFormats;
import app.characterstudio.export.ExportCancelledException;
import app.characterstudio.export.ExportException;
import app.characterstudio.export.ExportListener;
import app.characterstudio.export.ExportOptions;
import app.characterstudio.export.ExportPlan;
import app.characterstudio.export.ExportResult;
import app.characterstudio.export.ExportService;
import app.characterstudio.export.NothingToExportException;
import app.characterstudio.export.RewardFilter;
import app.characterstudio.store.LabeledSession;
import app.characterstudio.ui.kit.Debouncer;
import app.characterstudio.ui.kit.TaskExecutor;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.util.Duration;

/**
 * The export screen's state and commands, free of controls: options as properties, a preview of the
 * first rows exactly as written, the counts, chart data, progress and cancel, the result folder.
 * The preview follows the options by itself once they have been quiet for {@link #PREVIEW_DELAY}.
 */
public final class ExportViewModel {
    static final int PREVIEW_ROWS = 5;
    static final int HISTOGRAM_BINS = 12;
    private static final int HEADING_CHARS = 48;
    /** How long the options must stay unchanged before the preview follows them (typing is not a run per key). */
    static final Duration PREVIEW_DELAY = Duration.millis(400);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final ExportService service;
    private final TaskExecutor executor;
    private final Debouncer previewDelay;

    private final ObservableList<DatasetFormat> formats = FXCollections.observableArrayList(DatasetFormats.all());
    private final ObjectProperty<DatasetFormat> format = new SimpleObjectProperty<>(DatasetFormats.byId("sharegpt-sft"));
    private final ObservableList<String> characters = FXCollections.observableArrayList();
    private final ObservableList<String> selectedCharacters = FXCollections.observableArrayList();
    /** Every labeled session as last read; {@link #sessions} shows those of the chosen characters. */
    private List<LabeledSession> allSessions = List.of();
    private final ObservableList<LabeledSession> sessions = FXCollections.observableArrayList();
    private final ObservableList<Long> selectedSessions = FXCollections.observableArrayList();
    private final ObservableList<String> selectedReasons = FXCollections.observableArrayList();
    private final BooleanProperty editPairs = new SimpleBooleanProperty(true);
    /** Whose labels: "own", "all" or a labeler's name ({@link app.characterstudio.export.LabelSource}). */
    private final javafx.beans.property.ObjectProperty<String> labelSource =
            new javafx.beans.property.SimpleObjectProperty<>(app.characterstudio.export.LabelSource.OWN);
    private final BooleanProperty skipConflicts = new SimpleBooleanProperty(true);
    private final javafx.collections.ObservableList<String> labelSources = javafx.collections.FXCollections
            .observableArrayList(app.characterstudio.export.LabelSource.OWN, app.characterstudio.export.LabelSource.ALL);
    private final ObjectProperty<ExportOptions.SystemPart> systemPart =
            new SimpleObjectProperty<>(ExportOptions.SystemPart.STORED);
    private final StringProperty split = new SimpleStringProperty("0.9");
    private final StringProperty seed = new SimpleStringProperty("42");
    private final StringProperty minLength = new SimpleStringProperty("0");
    private final StringProperty maxLength = new SimpleStringProperty("0");
    private final ObjectProperty<ExportOptions.Dedup> dedup = new SimpleObjectProperty<>(ExportOptions.Dedup.EXACT);
    private final ObjectProperty<ExportOptions.Safety> safety = new SimpleObjectProperty<>(ExportOptions.Safety.INCLUDE);
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final StringProperty outFolder = new SimpleStringProperty("");
    /** Reward-model score sets to filter by ("" first: none). */
    private final ObservableList<String> rewardModels = FXCollections.observableArrayList("");
    private final StringProperty rewardModel = new SimpleStringProperty("");
    private final StringProperty minScore = new SimpleStringProperty("");
    private final StringProperty minMargin = new SimpleStringProperty("");
    private final BooleanProperty rewardPairs = new SimpleBooleanProperty(false);

    private final StringProperty preview = new SimpleStringProperty("");
    private final StringProperty counts = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final StringProperty resultFolder = new SimpleStringProperty("");
    private final ObservableList<LengthHistogram.Bar> replyLengths = FXCollections.observableArrayList();
    private final ObservableList<LengthHistogram.Bar> labelsPerCharacter = FXCollections.observableArrayList();
    /** The task whose outcome is shown; a superseded one's outcome, arriving late, is dropped. */
    private Task<?> current;
    private boolean exporting;
    /** The options changed while an export ran: preview them once it is done. */
    private boolean previewAfterExport;
    /** What the latest preview was started for; null when none stands (failed, cancelled, invalid input). */
    private Settings previewed;

    public ExportViewModel(ExportService service, TaskExecutor executor) {
        this(service, executor, Debouncer.pause(PREVIEW_DELAY));
    }

    /** @param previewDelay waits for the options to be quiet before the preview follows them */
    public ExportViewModel(ExportService service, TaskExecutor executor, Debouncer previewDelay) {
        this.service = service;
        this.executor = executor;
        this.previewDelay = previewDelay;
        selectedCharacters.addListener((ListChangeListener<String>) change -> narrowSessions());
        for (ObservableValue<?> option : List.of(format, systemPart, editPairs, split, seed, minLength, maxLength, dedup,
                safety, from, to, labelSource, skipConflicts, rewardModel, minScore, minMargin, rewardPairs)) {
            option.addListener((obs, old, value) -> optionsChanged());
        }
        for (Observable option : List.of(selectedCharacters, selectedSessions, selectedReasons)) {
            option.addListener(obs -> optionsChanged());
        }
    }

    private record Settings(DatasetFormat format, ExportOptions options, RewardFilter reward) {
    }

    private void optionsChanged() {
        previewDelay.call(this::previewIfChanged);
    }

    /** Previews the options unless the latest preview was for the same ones (e.g. a list re-set to equal items). */
    private void previewIfChanged() {
        if (exporting) {
            previewAfterExport = true;
            return;
        }
        Settings settings = settingsOrShowError();
        if (settings != null && !settings.equals(previewed)) {
            preview(settings);
        }
    }

    /** Reloads the characters and the preview for the current options, in the background. */
    public void refresh() {
        previewDelay.stop();

        if (exporting) {
            previewAfterExport = true;
            return;
        }
        Settings settings = settingsOrShowError();
        if (settings != null) {
            preview(settings);
        }
    }

    private void preview(Settings settings) {
        previewed = settings;
        run(new ListenedTask<Preview>() {
            @Override
            protected Preview call() {
                Map<String, Integer> labels = service.labelsPerCharacter();
                List<LabeledSession> labeled = service.labeledSessions();
                List<String> labelers = service.labelers();
                List<String> rms = service.rewardModels();
                try {
                    return new Preview(labels, labeled, rms,
                            service.plan(settings.format(), settings.options(), settings.reward(), listener()), null,
                            labelers);
                } catch (NothingToExportException e) {
                    return new Preview(labels, labeled, rms, null, e.getMessage(), labelers);
                }
            }
        }, false, this::showPreview, "Preview ready");
    }

    /** Writes the export for the current options, in the background; {@link #cancel()} stops it. */
    public void export() {
        if (exporting) {
            return;
        }
        Settings settings = settingsOrShowError();
        if (settings == null) {
            return;
        }
        ExportOptions options = settings.options();
        RewardFilter reward = settings.reward();
        DatasetFormat chosen = format.get();
        Path folder = outFolder.get().isBlank() ? null : Path.of(outFolder.get().strip());
        resultFolder.set("");
        run(new ListenedTask<ExportResult>() {
            @Override
            protected ExportResult call() {
                return service.export(chosen, options, reward, folder, listener());
            }
        }, true, result -> {
            resultFolder.set(result.folder().toString());
            showPlan(result.plan());
        }, "Export written");
    }

    /** Stops the running task and any preview still waiting for the options to be quiet. */
    public void cancel() {
        previewDelay.stop();
        if (current != null) {
            current.cancel();
        }
    }

    /** The format and options as typed, or null after putting a plain message in {@link #errorProperty()}. */
    private Settings settingsOrShowError() {
        ExportOptions options = optionsOrShowError();
        if (options == null) {
            return null;
        }
        try {
            return new Settings(format.get(), options, new RewardFilter(rewardModel.get(),
                    optionalNumber(minScore, "Min reward score"), optionalNumber(minMargin, "Min reward margin"),
                    rewardPairs.get() ? RewardFilter.Pairs.RM : RewardFilter.Pairs.HUMAN));
        } catch (StudioException e) {
            error.set(e.getMessage());
            previewed = null;
            return null;
        }
    }

    private static Double optionalNumber(StringProperty text, String name) {
        String value = text.get() == null ? "" : text.get().strip();
        return value.isEmpty() ? null : number(text, name);
    }

    /** The options as typed, or null after putting a plain message in {@link #errorProperty()}. */
    ExportOptions optionsOrShowError() {
        try {
            return new ExportOptions(Set.copyOf(selectedCharacters), Set.copyOf(selectedSessions),
                    Set.copyOf(selectedReasons),
                    from.get(), to.get(), systemPart.get(), number(split, "Split"), (long) number(seed, "Seed"),
                    dedup.get(), (int) number(minLength, "Minimum length"), (int) number(maxLength, "Maximum length"),
                    safety.get(), editPairs.get()).withLabels(app.characterstudio.export.LabelSource.of(labelSource.get(),
                    skipConflicts.get() ? app.characterstudio.export.LabelSource.Conflicts.SKIP
                            : app.characterstudio.export.LabelSource.Conflicts.LATEST));
        } catch (StudioException e) {
            error.set(e.getMessage());
            previewed = null; // once the input is fixed, the preview runs even for the options it showed before
            return null;
        }
    }

    private static double number(StringProperty text, String name) {
        String value = text.get() == null ? "" : text.get().strip();
        try {
            return value.isEmpty() ? 0 : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new ExportException(name + " must be a number, not '" + value + "'.");
        }
    }

    private record Preview(Map<String, Integer> labels, List<LabeledSession> sessions, List<String> rewardModels,
                           ExportPlan plan, String nothing, List<String> labelers) {
    }

    private void showPreview(Preview result) {
        List<String> sources = new java.util.ArrayList<>(List.of(app.characterstudio.export.LabelSource.OWN,
                app.characterstudio.export.LabelSource.ALL));
        sources.addAll(result.labelers());
        if (!labelSources.equals(sources)) {
            labelSources.setAll(sources);
        }
        updateInPlace(characters, List.copyOf(result.labels().keySet()));
        allSessions = result.sessions();
        narrowSessions();
        List<String> rms = new java.util.ArrayList<>(List.of(""));
        rms.addAll(result.rewardModels());
        updateInPlace(rewardModels, rms);
        labelsPerCharacter.setAll(result.labels().entrySet().stream()
                .map(e -> new LengthHistogram.Bar(e.getKey(), e.getValue())).toList());
        if (result.plan() == null) {
            preview.set("");
            counts.set("");
            replyLengths.clear();
            error.set(result.nothing());
            return;
        }
        showPlan(result.plan());
    }

    private void showPlan(ExportPlan plan) {
        preview.set(String.join("\n", plan.preview(PREVIEW_ROWS)));
        counts.set(describe(plan));
        replyLengths.setAll(LengthHistogram.bins(plan.replyLengths(), HISTOGRAM_BINS));
    }

    /** Shows the sessions of the chosen characters (all when none is chosen) and drops choices no longer shown. */
    private void narrowSessions() {
        Set<String> chosen = Set.copyOf(selectedCharacters);
        List<LabeledSession> shown = allSessions.stream()
                .filter(s -> chosen.isEmpty() || chosen.contains(s.characterId())).toList();
        updateInPlace(sessions, shown);
        Set<Long> shownIds = new HashSet<>(shown.stream().map(LabeledSession::id).toList());
        selectedSessions.removeIf(id -> !shownIds.contains(id));
    }

    /**
     * Makes {@code list} equal {@code target} by removals and insertions only, so a list view keeps the
     * selection of the rows that stay (replacing every item would clear it).
     */
    static <T> void updateInPlace(ObservableList<T> list, List<T> target) {
        if (list.equals(target)) {
            return;
        }
        Set<T> wanted = new HashSet<>(target);
        list.removeIf(item -> !wanted.contains(item));
        if (!inOrderWithin(list, target)) {
            list.setAll(target);
            return;
        }
        for (int i = 0; i < target.size(); i++) {
            if (i >= list.size() || !list.get(i).equals(target.get(i))) {
                list.add(i, target.get(i));
            }
        }
    }

    /** Whether {@code items} appear in {@code target} in the same order (gaps allowed). */
    private static <T> boolean inOrderWithin(List<T> items, List<T> target) {
        int next = 0;
        for (T item : target) {
            if (next < items.size() && items.get(next).equals(item)) {
                next++;
            }
        }
        return next == items.size();
    }

    /** Two lines for the session list: heading, then character, day and how many turns are labeled. */
    static String sessionText(LabeledSession session, String character, ZoneId zone) {
        String heading = session.heading();
        if (heading.isEmpty()) {
            heading = "Session " + session.id();
        } else if (heading.codePointCount(0, heading.length()) > HEADING_CHARS) {
            heading = heading.substring(0, heading.offsetByCodePoints(0, HEADING_CHARS - 1)) + "…";
        }
        String day = DAY.format(Instant.ofEpochMilli(session.session().createdAt()).atZone(zone));
        int turns = session.labeledTurns();
        return heading + "\n" + character + " · " + day + " · " + turns + " labeled turn" + (turns == 1 ? "" : "s");
    }

    static String describe(ExportPlan plan) {
        ExportPlan.Counts c = plan.counts();
        String removed = c.removed().entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        return plan.rowCount() + " rows (train " + plan.train().size() + ", validation " + plan.validation().size()
                + ") from " + c.records() + " of " + c.labeledTurns() + " labeled turns; sessions: "
                + c.trainSessions() + " train, " + c.validationSessions() + " validation"
                + (removed.isEmpty() ? "" : "\nRemoved: " + removed)
                + "\n" + ExportPlan.editPairsText(plan)
                + "\nLabels: " + plan.options().labels().describe() + (plan.options().labels().ownOnly() ? ""
                        : plan.options().labels().conflicts() == app.characterstudio.export.LabelSource.Conflicts.SKIP
                        ? ", " + c.removed().getOrDefault(app.characterstudio.export.LabelSource.DISAGREE, 0)
                        + " turns the labelers disagree on skipped"
                        : ", where the labelers disagree the newest label")
                + "\nSystem part: " + plan.options().systemPart().label()
                + (c.rebuiltPrompts() == 0 ? "" : " (" + c.rebuiltPrompts()
                        + " without a stored prompt, rebuilt from the template)")
                + (plan.reward().used() ? "\n" + plan.reward().describe(c.machinePairs()) : "")
                + "\nReply length (characters): median " + c.replyLength().p50() + ", 95% ≤ " + c.replyLength().p95()
                + ", max " + c.replyLength().max();
    }

    /** A task whose export progress and cancel flow through an {@link ExportListener}. */
    private abstract static class ListenedTask<T> extends Task<T> {
        ExportListener listener() {
            return new ExportListener() {
                @Override
                public void progress(double fraction, String message) {
                    updateProgress(fraction, 1.0);
                    updateMessage(message);
                }

                @Override
                public boolean isCancelled() {
                    return ListenedTask.this.isCancelled();
                }
            };
        }
    }

    /** Starts {@code task} as the one shown, cancelling a preview it supersedes (previews wait for exports). */
    private <T> void run(Task<T> task, boolean export, java.util.function.Consumer<T> onDone, String doneMessage) {
        Task<?> older = current;
        current = task;
        exporting = export;
        if (older != null) {
            older.cancel(); // its outcome events see it is no longer current and change nothing
        }
        running.set(true);
        error.set("");
        progress.set(0);
        task.messageProperty().addListener((obs, old, message) -> {
            if (task == current) {
                status.set(message);
            }
        });
        task.progressProperty().addListener((obs, old, value) -> {
            if (task == current) {
                progress.set(Math.max(0, value.doubleValue()));
            }
        });
        task.setOnSucceeded(event -> settle(task, () -> {
            onDone.accept(task.getValue());
            status.set(doneMessage);
            progress.set(1);
        }));
        task.setOnFailed(event -> settle(task, () -> {
            previewed = null;
            Throwable failure = task.getException();
            if (failure instanceof ExportCancelledException) {
                status.set(failure.getMessage());
            } else {
                error.set(failure instanceof StudioException ? failure.getMessage()
                        : "Unexpected error: " + failure);
            }
        }));
        task.setOnCancelled(event -> settle(task, () -> {
            previewed = null;
            status.set("Cancelled; nothing was written.");
        }));
        executor.execute(task);
    }

    /** Shows the outcome of {@code task} unless a newer task has taken its place. */
    private void settle(Task<?> task, Runnable show) {
        if (task != current) {
            return;
        }
        running.set(false);
        current = null;
        exporting = false;
        show.run();
        if (previewAfterExport) {
            previewAfterExport = false;
            previewIfChanged();
        }
    }

    public ObservableList<DatasetFormat> formats() { return formats; }
    public ObjectProperty<DatasetFormat> formatProperty() { return format; }
    public ObservableList<String> characters() { return characters; }
    public ObservableList<String> selectedCharacters() { return selectedCharacters; }
    /** The labeled sessions of the chosen characters, newest first. */
    public ObservableList<LabeledSession> sessions() { return sessions; }
    /** Ids of the chosen sessions; none means all (of the chosen characters). */
    public ObservableList<Long> selectedSessions() { return selectedSessions; }
    public ObservableList<String> selectedReasons() { return selectedReasons; }
    public List<String> reasons() { return ExportOptions.KNOWN_REASONS; }
    public ObjectProperty<ExportOptions.SystemPart> systemPartProperty() { return systemPart; }
    public BooleanProperty editPairsProperty() { return editPairs; }
    public javafx.beans.property.ObjectProperty<String> labelSourceProperty() { return labelSource; }
    public BooleanProperty skipConflictsProperty() { return skipConflicts; }
    /** "own", "all" and each labeler with labels in this workspace. */
    public javafx.collections.ObservableList<String> labelSources() { return labelSources; }
    public StringProperty splitProperty() { return split; }
    public StringProperty seedProperty() { return seed; }
    public StringProperty minLengthProperty() { return minLength; }
    public StringProperty maxLengthProperty() { return maxLength; }
    public ObjectProperty<ExportOptions.Dedup> dedupProperty() { return dedup; }
    public ObjectProperty<ExportOptions.Safety> safetyProperty() { return safety; }
    public ObjectProperty<LocalDate> fromProperty() { return from; }
    public ObjectProperty<LocalDate> toProperty() { return to; }
    public StringProperty outFolderProperty() { return outFolder; }
    /** Score sets to filter by, "" (none) first. */
    public ObservableList<String> rewardModels() { return rewardModels; }
    public StringProperty rewardModelProperty() { return rewardModel; }
    public StringProperty minScoreProperty() { return minScore; }
    public StringProperty minMarginProperty() { return minMargin; }
    public BooleanProperty rewardPairsProperty() { return rewardPairs; }
    public StringProperty previewProperty() { return preview; }
    public StringProperty countsProperty() { return counts; }
    public StringProperty errorProperty() { return error; }
    public StringProperty statusProperty() { return status; }
    public DoubleProperty progressProperty() { return progress; }
    public BooleanProperty runningProperty() { return running; }
    public StringProperty resultFolderProperty() { return resultFolder; }

    /** Shows the last export's folder with {@code opener}, in the background; if it cannot, says where the folder is. */
    public void openResultFolder(FolderOpener opener) {
        String folder = resultFolder.get();
        if (folder == null || folder.isEmpty()) {
            return;
        }
        executor.submit(() -> {
            try {
                opener.open(java.nio.file.Path.of(folder));
                return "Opened " + folder + ".";
            } catch (java.io.IOException | RuntimeException e) {
                return "Could not open the folder (" + e.getMessage() + "); the files are in " + folder + ".";
            }
        }, status::set, status);
    }
    public ObservableList<LengthHistogram.Bar> replyLengths() { return replyLengths; }
    public ObservableList<LengthHistogram.Bar> labelsPerCharacter() { return labelsPerCharacter; }
    public Path defaultExportsFolder() { return service.exportsDir(); }
}
