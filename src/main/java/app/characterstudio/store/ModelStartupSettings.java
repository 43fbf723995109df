package app.characterstudio.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Which model the studio loads when it starts, kept as workspace settings: the last model loaded (its
 * folder, device and dtype choice) and whether the user asked for it to load on start.
 */
public final class ModelStartupSettings {
    static final String LOAD_ON_START = "model.load-on-start";
    static final String LAST_FOLDER = "model.last-folder";
    static final String LAST_DEVICE = "model.last-device";
    static final String LAST_DTYPE = "model.last-dtype";

    private final SettingsRepository settings;

    public ModelStartupSettings(Database database) {
        this.settings = new SettingsRepository(Objects.requireNonNull(database, "database"));
    }

    /** The last model loaded, with the device and dtype chosen for it ("auto" unless chosen). */
    public record LastModel(Path folder, String device, String dtype) {
        public LastModel {
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(dtype, "dtype");
        }
    }

    public boolean loadOnStart() {
        return settings.get(LOAD_ON_START).map(Boolean::parseBoolean).orElse(false);
    }

    public void setLoadOnStart(boolean load) {
        settings.put(LOAD_ON_START, Boolean.toString(load));
    }

    public Optional<LastModel> lastModel() {
        return settings.get(LAST_FOLDER).map(folder -> new LastModel(Path.of(folder),
                settings.get(LAST_DEVICE).orElse("auto"), settings.get(LAST_DTYPE).orElse("auto")));
    }

    public void rememberLastModel(LastModel model) {
        settings.put(LAST_FOLDER, model.folder().toAbsolutePath().toString());
        settings.put(LAST_DEVICE, model.device());
        settings.put(LAST_DTYPE, model.dtype());
    }

    /** The model to load as the studio starts: the last one, if the user asked for that. */
    public Optional<LastModel> toLoadOnStart() {
        return loadOnStart() ? lastModel() : Optional.empty();
    }
}
