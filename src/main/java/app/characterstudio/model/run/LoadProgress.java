package app.characterstudio.model.run;

/** Progress of a model load: bytes of weights placed so far out of the total, and what is being read. */
@FunctionalInterface
public interface LoadProgress {
    LoadProgress IGNORE = (done, total, what) -> { };

    void update(long doneBytes, long totalBytes, String what);
}
