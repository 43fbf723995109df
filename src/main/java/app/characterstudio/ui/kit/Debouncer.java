package app.characterstudio.ui.kit;

import javafx.animation.PauseTransition;
import javafx.util.Duration;

/**
 * Runs an action once input has been quiet for a while: each {@link #call} starts the wait over and
 * replaces the action still waiting. View models receive one, so tests can decide when the wait ends.
 */
public interface Debouncer {
    /** Runs {@code action} on the UI thread after the quiet period, unless called again first. */
    void call(Runnable action);

    /** Drops the action still waiting, if any. */
    void stop();

    /** Waits on the JavaFX clock (call and stop on the UI thread). */
    static Debouncer pause(Duration quiet) {
        return new Debouncer() {
            private PauseTransition pause; // made on first use, on the UI thread

            @Override
            public void call(Runnable action) {
                if (pause == null) {
                    pause = new PauseTransition(quiet);
                }
                pause.setOnFinished(event -> action.run());
                pause.playFromStart();
            }

            @Override
            public void stop() {
                if (pause != null) {
                    pause.stop();
                }
            }
        };
    }
}
