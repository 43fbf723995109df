package app.characterstudio.export;

/** Progress of an export, and the user's wish to stop it. */
public interface ExportListener {
    ExportListener NONE = new ExportListener() {
        @Override
        public void progress(double fraction, String message) {
        }
    };

    /** {@code fraction} from 0 to 1 of the whole export. */
    void progress(double fraction, String message);

    /** Polled between steps; when true the export stops and leaves nothing behind. */
    default boolean isCancelled() {
        return false;
    }

    /** Throws {@link ExportCancelledException} when cancelled. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new ExportCancelledException();
        }
    }
}
