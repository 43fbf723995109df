package app.characterstudio.ui.kit;

import java.util.ArrayDeque;
import java.util.Queue;
import javafx.concurrent.Task;

/**
 * Runs its tasks one after the other, in the order given, on another executor: a label chosen and then a
 * message sent reach the database in that order, whatever threads the other executor has. One task runs
 * the queue until it is empty; a task given while it runs waits its turn.
 */
final class InOrderExecutor implements TaskExecutor {
    private final TaskExecutor base;
    private final Queue<Task<?>> queue = new ArrayDeque<>();
    private boolean draining;

    InOrderExecutor(TaskExecutor base) {
        this.base = base;
    }

    @Override
    public void execute(Task<?> task) {
        synchronized (queue) {
            queue.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        base.execute(new Task<Void>() {
            @Override
            protected Void call() {
                for (Task<?> next = poll(); next != null; next = poll()) {
                    next.run();                          // its own failure is reported by its own handlers
                }
                return null;
            }
        });
    }

    private Task<?> poll() {
        synchronized (queue) {
            Task<?> next = queue.poll();
            if (next == null) {
                draining = false;
            }
            return next;
        }
    }
}
