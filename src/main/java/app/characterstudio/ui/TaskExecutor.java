package app.characterstudio.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.concurrent.Task;

/**
 * Runs background work ({@link Task}s with progress and cancel) off the UI thread. Views receive one,
 * so tests can run work on the calling thread instead.
 */
public interface TaskExecutor {
    void execute(Task<?> task);

    /** Daemon threads, so a running task never keeps the studio from exiting. */
    static TaskExecutor background() {
        ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "studio-task");
            thread.setDaemon(true);
            return thread;
        });
        return pool::execute;
    }

    /** Runs each task on the calling thread: for tests. */
    static TaskExecutor currentThread() {
        return Task::run;
    }
}
