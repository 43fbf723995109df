package app.characterstudio.ui.models;

import app.characterstudio.backend.Backend;
import app.characterstudio.backend.BackendCheck;
import app.characterstudio.backend.BackendException;
import app.characterstudio.backend.Backends;
import app.characterstudio.backend.CompletionsClient;
import app.characterstudio.ui.kit.TaskExecutor;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Model room's Backends panel: the workspace's inference servers, a form to add one, and a check of the
 * selected one (latency, tokens/s, accepted fields, token counts against the loaded model's tokenizer). Every
 * database read and every request runs in the background.
 */
public final class BackendsViewModel {
    public final ObservableList<Backend> backends = FXCollections.observableArrayList();
    public final StringProperty name = new SimpleStringProperty("");
    public final StringProperty urls = new SimpleStringProperty("");
    public final StringProperty servedModel = new SimpleStringProperty("");
    public final StringProperty apiKeyEnv = new SimpleStringProperty("");
    public final StringProperty concurrency = new SimpleStringProperty("8");
    public final StringProperty timeoutSeconds = new SimpleStringProperty("120");
    public final StringProperty status = new SimpleStringProperty("");
    public final StringProperty report = new SimpleStringProperty("");
    public final BooleanProperty checking = new SimpleBooleanProperty();
    private final Supplier<Backends> store;
    private final Supplier<ToIntFunction<String>> localTokens;
    private final TaskExecutor executor;
    private final Runnable changed;

    /**
     * @param localTokens the loaded model's token count, or null while none is loaded (asked at each check)
     * @param changed     run on the UI thread after a backend was added or removed (the rooms' choices follow)
     */
    public BackendsViewModel(Supplier<Backends> store, Supplier<ToIntFunction<String>> localTokens,
                             TaskExecutor executor, Runnable changed) {
        this.store = store;
        this.localTokens = localTokens;
        this.executor = executor;
        this.changed = changed;
    }

    public void load() {
        executor.submit(() -> store.get().list(), backends::setAll, status);
    }

    /** Adds (or replaces) the backend of the form; a bad field is named in the status and nothing is kept. */
    public void add() {
        Backend backend;
        try {
            backend = new Backend(name.get().strip(), Backend.parseUrls(urls.get()), servedModel.get().strip(),
                    apiKeyEnv.get().strip(), number("Concurrency", concurrency.get()),
                    Duration.ofSeconds(number("Timeout", timeoutSeconds.get())));
        } catch (BackendException e) {
            status.set(e.getMessage());
            return;
        }
        executor.submit(() -> {
            boolean replaced = store.get().put(backend);
            return new Added(replaced, store.get().list());
        }, added -> {
            backends.setAll(added.all());
            status.set((added.replaced() ? "Replaced backend " : "Added backend ") + backend.name() + ".");
            name.set("");
            urls.set("");
            servedModel.set("");
            apiKeyEnv.set("");
            changed.run();
        }, status);
    }

    private record Added(boolean replaced, List<Backend> all) {
    }

    public void remove(Backend backend) {
        executor.submit(() -> {
            store.get().remove(backend.name());
            return store.get().list();
        }, all -> {
            backends.setAll(all);
            status.set("Removed backend " + backend.name() + ".");
            report.set("");
            changed.run();
        }, status);
    }

    /** Contacts {@code backend} and shows the report; the loaded model's tokenizer (if any) counts tokens locally. */
    public void check(Backend backend) {
        checking.set(true);
        status.set("Checking " + backend.name() + "…");
        ToIntFunction<String> local = localTokens.get();
        executor.submit(() -> new BackendCheck(CompletionsClient.of(backend)).run(local), result -> {
            checking.set(false);
            report.set(String.join("\n", result.lines()));
            status.set(result.ok() ? "Checked " + backend.name() + (local == null
                    ? " (load a model to compare token counts with its tokenizer)." : ".")
                    : backend.name() + " does not answer.");
        }, failure(backend));
    }

    private StringProperty failure(Backend backend) {
        StringProperty failure = new SimpleStringProperty();
        failure.addListener((obs, old, message) -> {
            checking.set(false);
            status.set("Check of " + backend.name() + " failed: " + message);
        });
        return failure;
    }

    private static int number(String field, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new BackendException(field + " must be a whole number, not \"" + text + "\".");
        }
    }
}
