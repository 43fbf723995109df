package app.characterstudio.export;

/** The chosen labels, format and options give no row at all: nothing is written. */
public final class NothingToExportException extends ExportException {
    public NothingToExportException(String message) {
        super(message);
    }
}
