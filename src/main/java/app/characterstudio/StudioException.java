package app.characterstudio;

/**
 * An error a user can cause (bad file, missing model, corrupt database). Each room has its own
 * subclass; the front doors (window and command line) show {@link #getMessage()} as plain words,
 * without a stack trace.
 */
public class StudioException extends RuntimeException {
    public StudioException(String message) {
        super(message);
    }

    public StudioException(String message, Throwable cause) {
        super(message, cause);
    }
}
