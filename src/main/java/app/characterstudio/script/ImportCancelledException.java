package app.characterstudio.script;

import app.characterstudio.StudioException;

/** The user cancelled an import or reindex; nothing of it was kept. */
public class ImportCancelledException extends StudioException {
    public ImportCancelledException(String message) {
        super(message);
    }
}
