package app.characterstudio.ui.kit;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.concurrent.Task;

/**
 * Runs background work ({@link Task}s with progress and cancel) off the UI thread. Views receive one,
 * so tests can run work on the calling thread instead.
 */
public interface TaskExecutor {
    void execute(Task<?> task);

    /**
     * Runs {@code work} in the background; {@code done} gets its result on the UI thread, or
     * {@code status} the failure: a StudioException's message, else "Failed: " and the exception.
     */
    default <T> void submit(java.util.function.Supplier<T> work, java.util.function.Consumer<T> done,
                            javafx.beans.property.StringProperty status) {
        submit(work, done, status::set);
    }

    /** Like {@link #submit(java.util.function.Supplier, java.util.function.Consumer, javafx.beans.property.StringProperty)}, the failure's message going to {@code failed}. */
    default <T> void submit(java.util.function.Supplier<T> work, java.util.function.Consumer<T> done,
                            java.util.function.Consumer<String> failed) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() {
                return work.get();
            }
        };
        task.setOnSucceeded(event -> done.accept(task.getValue()));
        task.setOnFailed(event -> failed.accept(task.getException() instanceof app.characterstudio.StudioException e
                ? e.getMessage() : "Failed: " + task.getException()));
        execute(task);
    }

    /**
     * An executor that runs the tasks given to it one after the other, in order, on this one: what a view
     * model saves and reads reaches the database in the order the user acted.
     */
    default TaskExecutor inOrder() {
        return new InOrderExecutor(this);
    }

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
