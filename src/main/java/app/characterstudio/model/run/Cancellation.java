package app.characterstudio.model.run;

/** Asked between steps (one decode step, one tensor while loading): work stops soon after it says yes. */
@FunctionalInterface
public interface Cancellation {
    Cancellation NEVER = () -> false;

    boolean isCancelled();
}
