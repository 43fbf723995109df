package app.characterstudio.ui.kit;

import app.characterstudio.backend.Backend;
import app.characterstudio.backend.Backends;
import app.characterstudio.backend.ReplySource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;

/**
 * A room's "Replies from": the local engine or one of the workspace's backends, kept by the room's
 * {@link ReplySource}. It shows only while a backend is configured. Reading the backends, restoring the kept
 * choice and keeping a new one run on the executor, never on the FX thread; {@code shown} then gets the source's
 * {@link ReplySource#describeRemote() description} (empty for the local engine).
 */
public final class ReplySourceChoice {
    private final ComboBox<String> box = new ComboBox<>();
    private final Supplier<ReplySource> source;
    private final Supplier<Backends> backends;
    private final TaskExecutor executor;
    private final Consumer<String> failed;
    private final Consumer<String> shown;
    /** The choice as last read from or kept in the store. */
    private String kept = Backend.LOCAL;
    /** The items are being filled from the store: not a choice of the user's. */
    private boolean filling;

    public ReplySourceChoice(String id, String tooltip, Supplier<ReplySource> source, Supplier<Backends> backends,
                             TaskExecutor executor, Consumer<String> failed, Consumer<String> shown) {
        this.source = source;
        this.backends = backends;
        this.executor = executor;
        this.failed = failed;
        this.shown = shown;
        box.setId(id);
        box.setFocusTraversable(false);
        box.setMinWidth(Region.USE_PREF_SIZE);
        box.setVisible(false);
        box.setManaged(false);
        box.setTooltip(new Tooltip(tooltip));
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(String value) {
                return value == null ? "" : Backend.LOCAL.equals(value) ? "Local engine" : "Backend " + value;
            }

            @Override
            public String fromString(String text) {
                return null;
            }
        });
        box.valueProperty().addListener((obs, old, now) -> {
            if (now != null && !filling && !now.equals(kept)) {
                executor.submit(() -> {
                    ReplySource replies = source.get();
                    replies.choose(now);
                    return replies.describeRemote();
                }, description -> {
                    kept = now;
                    shown.accept(description);
                }, failed);
            }
        });
    }

    public ComboBox<String> node() {
        return box;
    }

    /** Reads the backends and the room's kept choice again (in the background): at first, and after one changed. */
    public void reload() {
        executor.submit(() -> {
            ReplySource replies = source.get();
            String chosen = replies.restore();
            List<String> all = new ArrayList<>();
            all.add(Backend.LOCAL);
            backends.get().list().forEach(backend -> all.add(backend.name()));
            return new Sources(all, chosen, replies.describeRemote());
        }, sources -> {
            filling = true;
            box.getItems().setAll(sources.all());
            box.setValue(sources.chosen());
            filling = false;
            kept = sources.chosen();
            box.setVisible(sources.all().size() > 1);
            box.setManaged(box.isVisible());
            shown.accept(sources.description());
        }, failed);
    }

    private record Sources(List<String> all, String chosen, String description) {
    }
}
