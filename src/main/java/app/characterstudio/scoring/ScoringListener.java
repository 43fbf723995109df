package app.characterstudio.scoring;

/** Progress of a scoring run, and whether to stop after the batch in hand (what was stored stays). */
public interface ScoringListener {
    ScoringListener IGNORE = (done, total) -> { };

    /** {@code done} of {@code total} candidates to score in this run are scored and stored. */
    void progress(int done, int total);

    default boolean isCancelled() {
        return false;
    }
}
