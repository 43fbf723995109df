package app.characterstudio.model.run;

import app.characterstudio.model.ModelLoadException;

/** The user cancelled a model load; everything read so far has been released. */
public final class LoadCancelledException extends ModelLoadException {
    public LoadCancelledException() {
        super("loading was cancelled");
    }
}
