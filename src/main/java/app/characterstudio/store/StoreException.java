package app.characterstudio.store;

import app.characterstudio.StudioException;

/** The workspace database cannot be opened, migrated, read or written. */
public class StoreException extends StudioException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
