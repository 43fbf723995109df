package app.characterstudio.store;

/**
 * One reward model's scores as a set: the model's name, a hash of its weights (with head and config) and of the
 * layout its input was rendered in. A new model, new weights or another layout make a new set beside the old.
 */
public record ScoreSet(long id, String modelName, String weightsHash, String layout, long createdAt) {
    /** The model name with the first 12 hex digits of its hash, as shown and written in manifests. */
    public String label() {
        return modelName + "@" + weightsHash.substring(0, Math.min(12, weightsHash.length()));
    }
}
