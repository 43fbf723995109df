package app.characterstudio.scoring;

import app.characterstudio.store.ScoreSet;

/**
 * What a scoring run did.
 *
 * @param candidates candidates in scope
 * @param skipped    of those, already scored (by this set, or by any with {@code --unscored})
 * @param scored     newly scored and stored
 * @param cancelled  stopped before the end; what was scored is kept, and a new run resumes
 */
public record ScoringReport(ScoreSet set, int candidates, int skipped, int scored, boolean cancelled) {
    public int left() {
        return candidates - skipped - scored;
    }
}
