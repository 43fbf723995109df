package app.characterstudio.script;

/** Receives progress of long script work and may ask it to stop. */
public interface ImportProgress {
    ImportProgress NONE = new ImportProgress() {
    };

    /** {@code done} of {@code total} units of {@code stage} (e.g. "indexing" lines) are finished. */
    default void update(String stage, long done, long total) {
    }

    /** When true, the work stops at its next check and leaves nothing half-written. */
    default boolean isCancelled() {
        return false;
    }
}
