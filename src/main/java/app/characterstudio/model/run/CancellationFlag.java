package app.characterstudio.model.run;

/** A {@link Cancellation} that a button or a test can set from another thread. */
public final class CancellationFlag implements Cancellation {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }
}
