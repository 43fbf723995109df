package app.characterstudio.scoring;

import app.characterstudio.StudioException;

/** A scoring request that cannot be done as asked (no such score set, no suggestion, a bad layout). */
public class ScoringException extends StudioException {
    public ScoringException(String message) {
        super(message);
    }
}
