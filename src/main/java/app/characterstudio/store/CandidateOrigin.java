package app.characterstudio.store;

import java.util.Locale;

/** Where a candidate reply came from: the model, the creator's hand, or an edit of another reply. */
public enum CandidateOrigin {
    MODEL, HUMAN, EDIT;

    /** The value kept in the {@code candidates.origin} column. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CandidateOrigin fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
