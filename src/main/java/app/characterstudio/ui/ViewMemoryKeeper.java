package app.characterstudio.ui;

import app.characterstudio.store.Session;
import app.characterstudio.store.ViewMemory;
import app.characterstudio.ui.chat.ChatView;
import app.characterstudio.ui.chat.ChatViewModel;
import app.characterstudio.ui.kit.StudioView;
import app.characterstudio.ui.kit.TaskExecutor;
import javafx.concurrent.Task;

/**
 * Opens the window where it was left (room, the Chat room's character and session) and remembers each change
 * in the workspace settings ({@link ViewMemory}). Reads and writes run on the task executor; a workspace that
 * cannot be written (opened read-only) simply remembers nothing.
 */
final class ViewMemoryKeeper {
    private final MainWindow window;
    private final ViewMemory memory;
    private final TaskExecutor executor;
    private boolean restoring;
    private ChatViewModel trackedChat;

    private ViewMemoryKeeper(MainWindow window, ViewMemory memory, TaskExecutor executor) {
        this.window = window;
        this.memory = memory;
        this.executor = executor;
    }

    /** Restores the remembered room and chat place, then remembers changes. */
    static void keep(MainWindow window, ViewMemory memory, TaskExecutor executor) {
        ViewMemoryKeeper keeper = new ViewMemoryKeeper(window, memory, executor);
        keeper.restoring = true;
        executor.submit(memory::read, keeper::restore, new javafx.beans.property.SimpleStringProperty());
        window.currentViewProperty().addListener((obs, old, now) -> keeper.shown(now));
    }

    private void restore(ViewMemory.Remembered remembered) {
        try {
            remembered.room().flatMap(title -> window.views().stream().filter(v -> v.title().equals(title)).findFirst())
                    .ifPresent(window::select);
            remembered.chat().ifPresent(place -> chat().ifPresent(model ->
                    model.openPlace(place.characterId(), place.sessionId())));
        } finally {
            restoring = false;
        }
        shown(window.currentViewProperty().get());
    }

    private void shown(StudioView view) {
        if (view == null || restoring) {
            return;
        }
        write(() -> memory.rememberRoom(view.title()));
        if (view instanceof ChatView) {
            chat().filter(model -> model != trackedChat).ifPresent(model -> {
                trackedChat = model;
                model.sessionProperty().addListener((obs, old, now) -> rememberSession(model, now));
                rememberSession(model, model.sessionProperty().get());
            });
        }
    }

    private void rememberSession(ChatViewModel model, Session session) {
        if (session != null && !restoring) {
            ViewMemory.ChatPlace place = new ViewMemory.ChatPlace(session.characterId(), session.id());
            write(() -> memory.rememberChatPlace(place));
        }
    }

    /** The Chat room's view model, once its view was built. */
    private java.util.Optional<ChatViewModel> chat() {
        return window.views().stream().filter(ChatView.class::isInstance).map(v -> ((ChatView) v).model())
                .filter(java.util.Objects::nonNull).findFirst();
    }

    private void write(Runnable work) {
        executor.execute(new Task<Void>() {
            @Override
            protected Void call() {
                work.run();
                return null;
            }
        });
    }
}
