package app.characterstudio.model;

import app.characterstudio.StudioException;

/** A model folder cannot be loaded: missing, truncated or inconsistent file, unknown architecture. */
public class ModelLoadException extends StudioException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
