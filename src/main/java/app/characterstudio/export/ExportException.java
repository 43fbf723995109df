package app.characterstudio.export;

import app.characterstudio.StudioException;

/** An export that cannot be done as asked: bad options, an unwritable folder, a failed write. */
public class ExportException extends StudioException {
    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
