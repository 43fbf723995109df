package app.characterstudio.ui.chat;

import app.characterstudio.StudioException;
import app.characterstudio.chat.ChatService;
import app.characterstudio.store.StoredTemplate;
import java.util.function.Supplier;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The character's prompt template, editable; each save is a new version (old replies keep theirs). */
public final class TemplateEditorModel {
    private final Supplier<ChatService> chat;
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty version = new SimpleStringProperty("");
    private String characterId;

    TemplateEditorModel(Supplier<ChatService> chat) {
        this.chat = chat;
    }

    public StringProperty textProperty() {
        return text;
    }

    /** e.g. "default template, version 1" or "sansan's template, version 3". */
    public StringProperty versionProperty() {
        return version;
    }

    void load(String character) {
        characterId = character;
        if (character == null) {
            text.set("");
            version.set("");
            return;
        }
        show(chat.get().template(character));
    }

    /** Saves the text as the character's next template version. */
    public void save() {
        if (characterId == null) {
            return;
        }
        try {
            show(chat.get().saveTemplate(characterId, text.get()));
        } catch (StudioException e) {
            version.set(e.getMessage());
        }
    }

    private void show(StoredTemplate template) {
        text.set(template.body());
        version.set((template.characterId() == null ? "default template" : template.characterId() + "'s template")
                + ", version " + template.version());
    }
}
