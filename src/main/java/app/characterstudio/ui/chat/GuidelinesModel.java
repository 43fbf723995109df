package app.characterstudio.ui.chat;

import app.characterstudio.label.Guidelines;
import app.characterstudio.ui.kit.TaskExecutor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The labeling guidelines beside the replies: read and saved in the background, edited in place. */
public final class GuidelinesModel {
    private final Guidelines guidelines;
    private final TaskExecutor executor;
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final BooleanProperty changed = new SimpleBooleanProperty(false);
    private String saved = "";

    public GuidelinesModel(Guidelines guidelines, TaskExecutor executor) {
        this.guidelines = guidelines;
        this.executor = executor;
        text.addListener((obs, old, now) -> changed.set(!saved.equals(now)));
    }

    public StringProperty textProperty() {
        return text;
    }

    public StringProperty statusProperty() {
        return status;
    }

    /** The text differs from the file as last read or saved. */
    public BooleanProperty changedProperty() {
        return changed;
    }

    public void load() {
        run(guidelines::read, read -> {
            saved = read;
            text.set(read);
            changed.set(false);
            status.set(guidelines.file().getFileName() + " (markdown, kept in the workspace)");
        });
    }

    public void save() {
        String markdown = text.get();
        run(() -> {
            guidelines.write(markdown);
            return markdown;
        }, written -> {
            saved = written;
            changed.set(!saved.equals(text.get()));
            status.set("Saved to " + guidelines.file().getFileName() + ".");
        });
    }

    private void run(java.util.function.Supplier<String> work, java.util.function.Consumer<String> done) {
        executor.submit(work, done, status);
    }
}
