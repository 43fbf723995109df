package app.characterstudio.ui.chat;

import app.characterstudio.chat.ChatService;
import app.characterstudio.ui.kit.TaskExecutor;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** Editing a reply (saved as a new reply that points at the original) or writing one by hand. */
final class ComposerModel {
    private final ChatViewModel model;
    private final Supplier<ChatService> chat;
    private final TaskExecutor work;
    private final ObjectProperty<ChatViewModel.ComposerMode> mode =
            new SimpleObjectProperty<>(ChatViewModel.ComposerMode.NONE);
    private final StringProperty text = new SimpleStringProperty("");
    private CandidateItem target;

    ComposerModel(ChatViewModel model, Supplier<ChatService> chat, TaskExecutor work) {
        this.model = model;
        this.chat = chat;
        this.work = work;
    }

    ObjectProperty<ChatViewModel.ComposerMode> modeProperty() {
        return mode;
    }

    StringProperty textProperty() {
        return text;
    }

    void startEdit(CandidateItem item) {
        target = item;
        text.set(item.text());
        open(ChatViewModel.ComposerMode.EDIT,
                "Editing reply " + item.number() + ": Ctrl+Enter saves it as a new reply, Esc cancels.");
    }

    void startWrite() {
        target = null;
        text.set("");
        open(ChatViewModel.ComposerMode.WRITE, "Write the reply: Ctrl+Enter saves it, Esc cancels.");
    }

    /**
     * Stores the edit or the written reply in the background, then shows its turn; a {@code ChatException}
     * (e.g. empty text) leaves it open, the reason in the status.
     */
    void save() {
        boolean edit = mode.get() == ChatViewModel.ComposerMode.EDIT;
        ChatService service = chat.get();
        String written = text.get();
        long edited = edit ? target.candidate().id() : 0;
        long turnId = edit ? 0 : model.currentTurnProperty().get().id();
        work.submit(() -> edit ? service.editReply(edited, written) : service.writeReply(turnId, written), stored -> {
            mode.set(ChatViewModel.ComposerMode.NONE);
            model.showTurn(stored.turnId(), true, () -> {
                int number = model.candidates().size();
                model.statusProperty().set((edit ? "Saved the edit" : "Saved your reply") + " as reply " + number
                        + ". Press " + number + " to choose it.");
            });
            model.labeling().refreshProgress(model.characterId());
        }, model.statusProperty());
    }

    void cancel() {
        mode.set(ChatViewModel.ComposerMode.NONE);
        model.stateProperty().set(model.candidates().isEmpty() ? ChatViewModel.State.READY : ChatViewModel.State.LABELING);
        model.statusProperty().set("");
    }

    private void open(ChatViewModel.ComposerMode next, String status) {
        mode.set(next);
        model.stateProperty().set(ChatViewModel.State.COMPOSING);
        model.statusProperty().set(status);
    }
}
