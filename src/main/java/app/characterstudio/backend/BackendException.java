package app.characterstudio.backend;

import app.characterstudio.StudioException;

/** A backend is badly configured, or its server did not answer as the completions API says. */
public class BackendException extends StudioException {
    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
