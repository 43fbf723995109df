package app.characterstudio.eval;

import app.characterstudio.StudioException;

/** Bad input or a refused evaluation step, with a message saying which file, item or run and what was expected. */
public final class EvalException extends StudioException {
    public EvalException(String message) {
        super(message);
    }

    public EvalException(String message, Throwable cause) {
        super(message, cause);
    }
}
