package app.characterstudio.ui.models;

import app.characterstudio.model.run.LoadedModel;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The one model state every room's header shows: the loaded model (name, device, precision), "Loading …"
 * or "No model loaded". Owned by {@link ModelViewModel}, changed on the UI thread only.
 */
public final class ModelState {
    static final String NONE = "No model loaded";

    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(NONE);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    /** True while a model is loaded and usable (also while another one loads beside it). */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    void show(LoadedModel model) {
        loading.set(false);
        loaded.set(true);
        text.set(headline(model));
    }

    void showNone() {
        loading.set(false);
        loaded.set(false);
        text.set(NONE);
    }

    /** A load of {@code name} has begun; {@code kept} stays loaded (and usable) until it is ready. */
    void showLoading(String name, LoadedModel kept) {
        loading.set(true);
        loaded.set(kept != null);
        text.set("Loading " + name + " …" + (kept == null ? "" : " (" + headline(kept) + " until then)"));
    }

    static String headline(LoadedModel model) {
        return model.name() + " · " + model.device().label() + " · " + model.precision().label();
    }
}
