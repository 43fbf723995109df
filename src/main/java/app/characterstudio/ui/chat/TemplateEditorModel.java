package app.characterstudio.ui.chat;

import app.characterstudio.chat.ChatService;
import app.characterstudio.store.StoredTemplate;
import app.characterstudio.ui.kit.TaskExecutor;
import java.util.function.Supplier;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The character's prompt template, editable; each save (in the background) is a new version (old replies keep theirs). */
public final class TemplateEditorModel {
    private final Supplier<ChatService> chat;
    private final TaskExecutor work;
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty version = new SimpleStringProperty("");
    private String characterId;

    TemplateEditorModel(Supplier<ChatService> chat, TaskExecutor work) {
        this.chat = chat;
        this.work = work;
    }

    public StringProperty textProperty() {
        return text;
    }

    /** e.g. "default template, version 1" or "sansan's template, version 3". */
    public StringProperty versionProperty() {
        return version;
    }

    /** Shows {@code character}'s template, read by the caller in the background (null: no character). */
    void show(String character, StoredTemplate template) {
        characterId = character;
        if (character == null) {
            text.set("");
            version.set("");
            return;
        }
        show(template);
    }

    /** Saves the text as the character's next template version. */
    public void save() {
        if (characterId == null) {
            return;
        }
        String saving = characterId;
        String body = text.get();
        ChatService service = chat.get();
        work.submit(() -> service.saveTemplate(saving, body), saved -> {
            if (saving.equals(characterId)) {
                show(saved);
            }
        }, version);
    }

    private void show(StoredTemplate template) {
        text.set(template.body());
        version.set((template.characterId() == null ? "default template" : template.characterId() + "'s template")
                + ", version " + template.version());
    }
}
