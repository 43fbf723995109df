package app.characterstudio.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.testfx.util.WaitForAsyncUtils;

/** Runs code on the JavaFX thread from a test and waits for its result. */
public final class OnFx {
    private OnFx() {
    }

    public static <T> T call(Callable<T> work) {
        try {
            return WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, WaitForAsyncUtils.asyncFx(work));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the JavaFX thread did not answer in 30 s", e);
        }
    }

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
