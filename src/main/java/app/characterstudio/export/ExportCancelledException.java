package app.characterstudio.export;

/** The user cancelled an export; nothing was written. */
public final class ExportCancelledException extends ExportException {
    public ExportCancelledException() {
        super("Export cancelled; nothing was written.");
    }
}
