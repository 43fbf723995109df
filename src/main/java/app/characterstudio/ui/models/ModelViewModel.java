package app.characterstudio.ui.models;

import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.CancellationFlag;
import app.characterstudio.model.run.Completion;
import app.characterstudio.model.run.FinishReason;
import app.characterstudio.model.run.GenerationException;
import app.characterstudio.model.run.GenerationListener;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadedModel;
import app.characterstudio.model.run.ModelService;
import app.characterstudio.model.run.Precision;
import app.characterstudio.model.run.PromptCache;
import app.characterstudio.model.run.SamplingParams;
import app.characterstudio.model.run.TokenLogprobs;
import app.characterstudio.store.ModelStartupSettings;
import app.characterstudio.ui.kit.TaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The model panel's state and actions, free of controls: folders under models/, loading with progress and
 * cancel, what was loaded (device and why, dtype, size, memory), and a playground that streams candidates.
 */
public final class ModelViewModel {
    static final int SHOWN_ALTERNATIVES = 5;

    private final ModelService service;
    private final TaskExecutor executor;
    private final Consumer<Runnable> uiThread;

    final ObservableList<Path> folders = FXCollections.observableArrayList();
    final ObjectProperty<Path> selectedFolder = new SimpleObjectProperty<>();
    final StringProperty device = new SimpleStringProperty("auto");
    final StringProperty dtype = new SimpleStringProperty("auto");
    final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    final ReadOnlyDoubleWrapper loadProgress = new ReadOnlyDoubleWrapper();
    final ReadOnlyStringWrapper loadStatus = new ReadOnlyStringWrapper("");
    final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    final ReadOnlyStringWrapper modelSummary = new ReadOnlyStringWrapper("No model loaded.");
    final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();

    final StringProperty prompt = new SimpleStringProperty("");
    final BooleanProperty greedy = new SimpleBooleanProperty(false);
    final StringProperty temperature = new SimpleStringProperty(fmt(SamplingParams.DEFAULTS.temperature()));
    final StringProperty topK = new SimpleStringProperty(Integer.toString(SamplingParams.DEFAULTS.topK()));
    final StringProperty topP = new SimpleStringProperty(fmt(SamplingParams.DEFAULTS.topP()));
    final StringProperty repetitionPenalty = new SimpleStringProperty(fmt(SamplingParams.DEFAULTS.repetitionPenalty()));
    final StringProperty maxNewTokens = new SimpleStringProperty(Integer.toString(SamplingParams.DEFAULTS.maxNewTokens()));
    final StringProperty seed = new SimpleStringProperty("");
    final StringProperty candidates = new SimpleStringProperty("3");
    final ReadOnlyBooleanWrapper generating = new ReadOnlyBooleanWrapper();
    final ReadOnlyStringWrapper generationStatus = new ReadOnlyStringWrapper("");
    final ObservableList<CandidateOutput> outputs = FXCollections.observableArrayList();

    final BooleanProperty loadOnStart = new SimpleBooleanProperty(false);
    private final ModelState state = new ModelState();
    private final Supplier<ModelStartupSettings> startup;

    private CancellationFlag loadCancel;
    private CancellationFlag generationCancel;

    /** A model panel that keeps no start-up choice (the playground alone). */
    public ModelViewModel(ModelService service, TaskExecutor executor, Consumer<Runnable> uiThread) {
        this(service, null, executor, uiThread);
    }

    /**
     * {@code startup} keeps the last model loaded and whether it loads when the studio starts; it is asked
     * for in the background (it may open the database).
     */
    public ModelViewModel(ModelService service, Supplier<ModelStartupSettings> startup, TaskExecutor executor,
                          Consumer<Runnable> uiThread) {
        this.service = service;
        this.startup = startup;
        this.executor = executor;
        this.uiThread = uiThread;
        refreshFolders();
        service.current().ifPresent(this::showLoaded);
    }

    /** The model state all rooms show. */
    public ModelState state() {
        return state;
    }

    /**
     * Reads the start-up choice in the background; if the user asked for it, loads the last model (in the
     * background too). The "load on start" box follows the stored choice from then on.
     */
    public void startUp() {
        if (startup == null) {
            return;
        }
        executor.submit(() -> new StartupChoice(startup.get().loadOnStart(), startup.get().toLoadOnStart()), choice -> {
            loadOnStart.set(choice.loadOnStart());
            loadOnStart.addListener((obs, was, load) -> executor.submit(() -> {
                startup.get().setLoadOnStart(load);
                return load;
            }, saved -> { }, error));
            choice.model().ifPresent(this::loadOnStart);
        }, error);
    }

    private record StartupChoice(boolean loadOnStart, Optional<ModelStartupSettings.LastModel> model) {
    }

    private void loadOnStart(ModelStartupSettings.LastModel last) {
        if (!Files.isDirectory(last.folder())) {
            error.set("The model to load on start, " + last.folder() + ", is no longer there: load another one.");
            return;
        }
        choose(last.folder());
        device.set(last.device());
        dtype.set(last.dtype());
        load();
    }

    /** True while a model is loaded in the service (set on the UI thread). */
    public javafx.beans.property.ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public void refreshFolders() {
        folders.setAll(service.folders());
        if (selectedFolder.get() == null && !folders.isEmpty()) {
            selectedFolder.set(folders.get(0));
        }
    }

    /** A folder picked with the chooser (may be outside models/). */
    public void choose(Path dir) {
        if (!folders.contains(dir)) {
            folders.add(dir);
        }
        selectedFolder.set(dir);
    }

    public void load() {
        if (generating.get()) {
            error.set("Stop the generation before loading another model.");
            return;
        }
        Path dir = selectedFolder.get();
        if (dir == null) {
            error.set("Choose a model folder first: put it under " + service.modelsDir() + " or pick it with Choose…");
            return;
        }
        LoadOptions options;
        try {
            options = new LoadOptions(device.get().equals("auto") ? null : device.get(),
                    dtype.get().equals("auto") ? null : Precision.parse(dtype.get()), null);
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        CancellationFlag cancel = new CancellationFlag();
        loadCancel = cancel;
        error.set("");
        loaded.set(false);
        modelSummary.set("Loading " + dir.getFileName() + "…" + service.current()
                .map(m -> " (" + m.name() + " stays loaded until it is ready)").orElse(""));
        state.showLoading(dir.getFileName().toString(), service.current().orElse(null));
        loading.set(true);
        loadProgress.set(0);
        Task<LoadedModel> task = new Task<>() {
            @Override
            protected LoadedModel call() {
                return service.load(dir, options, (done, total, what) -> {
                    updateProgress(done, total);
                    updateMessage(what);
                }, cancel);
            }
        };
        task.progressProperty().addListener((obs, old, value) -> loadProgress.set(value.doubleValue()));
        task.messageProperty().addListener((obs, old, value) -> loadStatus.set(value));
        task.setOnSucceeded(e -> {
            loading.set(false);
            loadStatus.set("");
            showLoaded(task.getValue());
            remember(new ModelStartupSettings.LastModel(dir, device.get(), dtype.get()));
        });
        task.setOnFailed(e -> {
            loading.set(false);
            loadStatus.set("");
            showCurrent();
            error.set(plainWords(task.getException())
                    + service.current().map(m -> " " + m.name() + " is still loaded.").orElse(""));
        });
        executor.execute(task);
    }

    public void cancelLoad() {
        if (loadCancel != null) {
            loadCancel.cancel();
        }
    }

    /** Shows the service's current model, or that none is loaded. */
    private void showCurrent() {
        service.current().ifPresentOrElse(this::showLoaded, () -> {
            loaded.set(false);
            modelSummary.set("No model loaded.");
            state.showNone();
        });
    }

    private void showLoaded(LoadedModel model) {
        loaded.set(true);
        modelSummary.set(summary(model));
        state.show(model);
    }

    /** Keeps the model just loaded as the one to load on start (in the background). */
    private void remember(ModelStartupSettings.LastModel last) {
        if (startup != null) {
            executor.submit(() -> {
                startup.get().rememberLastModel(last);
                return last;
            }, saved -> { }, error);
        }
    }

    static String summary(LoadedModel model) {
        PromptCache.Usage prompts = model.generator().promptCache().usage();
        return String.format(Locale.ROOT, "%s · %s weights%nDevice: %s — %s%nDtype: %s — %s%n%s parameters · "
                        + "%s of weights in memory · KV cache %s per 1,000 positions per candidate%n"
                        + "Prompt cache (Regenerate reads no prompt again): %d prompts, %s of %s%n"
                        + "Loaded in %.1f s", model.name(), model.format().marker(), model.device().label(),
                model.device().reason(), model.precision().label(), model.precisionReason(), count(model.parameterCount()),
                bytes(model.weightBytes()), bytes(model.cacheBytes(1000, 1)), prompts.prompts(),
                bytes(prompts.usedBytes()), bytes(prompts.capacityBytes()), model.loadMillis() / 1000);
    }

    static String count(long n) {
        return n >= 1e9 ? String.format(Locale.ROOT, "%.2f B", n / 1e9)
                : n >= 1e6 ? String.format(Locale.ROOT, "%.1f M", n / 1e6)
                : String.format(Locale.ROOT, "%,d", n);
    }

    static String bytes(long n) {
        return n >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GiB", n / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
    }

    /** The sampling settings typed in, or an error in plain words (null settings). */
    SamplingParams sampling() {
        String s = seed.get().trim();
        return SamplingParams.DEFAULTS.withGreedy(greedy.get())
                .withTemperature(parseFloat(temperature, "temperature"))
                .withTopK(parseInt(topK, "top-k"))
                .withTopP(parseFloat(topP, "top-p"))
                .withRepetitionPenalty(parseFloat(repetitionPenalty, "repetition penalty"))
                .withMaxNewTokens(parseInt(maxNewTokens, "max new tokens"))
                .withSeed(s.isEmpty() ? null : parseSeed(s))
                .withLogprobs(SHOWN_ALTERNATIVES);
    }

    public void generate() {
        LoadedModel model = service.current().orElse(null);
        if (model == null) {
            error.set("Load a model before generating.");
            return;
        }
        SamplingParams params;
        int count;
        try {
            params = sampling();
            count = parseInt(candidates, "candidates");
            if (count < 1 || count > app.characterstudio.model.run.Generator.MAX_CANDIDATES) {
                throw new IllegalArgumentException("candidates must be 1 to "
                        + app.characterstudio.model.run.Generator.MAX_CANDIDATES + ", got " + count);
            }
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        if (prompt.get().isBlank()) {
            error.set("Write a prompt first.");
            return;
        }
        error.set("");
        outputs.clear();
        for (int i = 0; i < count; i++) {
            outputs.add(new CandidateOutput(i));
        }
        List<CandidateOutput> shown = List.copyOf(outputs);
        CancellationFlag cancel = new CancellationFlag();
        generationCancel = cancel;
        generating.set(true);
        generationStatus.set("Generating " + count + " candidate" + (count == 1 ? "" : "s") + "…");
        String text = prompt.get();
        Task<List<Completion>> task = new Task<>() {
            @Override
            protected List<Completion> call() {
                if (!model.acquire()) {
                    throw new GenerationException(model.name() + " was ejected before the generation started.");
                }
                try {
                    return model.generator().generate(text, params, count, listener(shown), cancel);
                } finally {
                    model.release(); // an Eject meanwhile frees the model now, not under the generation
                }
            }
        };
        task.setOnSucceeded(e -> {
            generating.set(false);
            List<Completion> done = task.getValue();
            Completion first = done.get(0);
            generationStatus.set(String.format(Locale.ROOT, "%d prompt tokens (%d from the prompt cache) · prefill "
                            + "%.0f ms · %.2f tokens/s per candidate%s", first.timings().promptTokens(),
                    first.timings().reusedPromptTokens(), first.timings().prefillMillis(),
                    first.timings().tokensPerSecond(), first.finishReason() == FinishReason.CANCELLED ? " · stopped" : ""));
            modelSummary.set(summary(model));
        });
        task.setOnFailed(e -> {
            generating.set(false);
            generationStatus.set("");
            error.set(plainWords(task.getException()));
        });
        executor.execute(task);
    }

    private GenerationListener listener(List<CandidateOutput> shown) {
        return new GenerationListener() {
            @Override
            public void onText(int candidate, String delta) {
                uiThread.accept(() -> shown.get(candidate).append(delta));
            }

            @Override
            public void onToken(int candidate, int tokenId, TokenLogprobs logprobs) {
                if (logprobs != null) {
                    uiThread.accept(() -> shown.get(candidate).addToken(logprobs));
                }
            }

            @Override
            public void onFinished(int candidate, FinishReason reason) {
                uiThread.accept(() -> shown.get(candidate).setStatus(describe(reason)));
            }
        };
    }

    static String describe(FinishReason reason) {
        return switch (reason) {
            case END_OF_TEXT -> "ended (</s>)";
            case STOP -> "ended at a new speaker line or stop text";
            case LENGTH -> "reached max new tokens";
            case CANCELLED -> "stopped";
        };
    }

    public void cancelGeneration() {
        if (generationCancel != null) {
            generationCancel.cancel();
        }
    }

    public void unload() {
        if (generating.get()) {
            error.set("Stop the generation before unloading the model.");
            return;
        }
        if (loading.get()) {
            error.set("Cancel the load before ejecting the model.");
            return;
        }
        service.unload();
        error.set("");
        showCurrent();
    }

    static String plainWords(Throwable e) {
        if (e instanceof app.characterstudio.StudioException) {
            return e.getMessage();
        }
        return "Something went wrong: " + (e == null ? "unknown error" : e.getMessage());
    }

    private static long parseSeed(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed must be a whole number or empty (random), got '" + text + "'");
        }
    }

    private static float parseFloat(StringProperty value, String name) {
        try {
            return Float.parseFloat(value.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + value.get() + "'");
        }
    }

    private static int parseInt(StringProperty value, String name) {
        try {
            return Integer.parseInt(value.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value.get() + "'");
        }
    }

    private static String fmt(float value) {
        return Float.toString(value);
    }
}
