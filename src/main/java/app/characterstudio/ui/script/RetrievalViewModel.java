package app.characterstudio.ui.script;

import app.characterstudio.StudioException;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.script.RetrievalQuery;
import app.characterstudio.script.RetrievedExchange;
import app.characterstudio.script.ScriptLibrary;
import app.characterstudio.script.SimilarDialogues;
import java.util.List;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The retrieval panel: a conversation and a character in, the ranked exchanges and the prepared
 * {@code ${simi_dialog}} text out. Without a loaded model, the budget counts characters (a Chinese
 * character is about one token of the Index tokenizer).
 */
public final class RetrievalViewModel {
    private final ScriptLibrary library;
    private final PersonaRepository personas;
    private final ObservableList<CharacterChoice> characters = FXCollections.observableArrayList();
    private final ObjectProperty<CharacterChoice> character = new SimpleObjectProperty<>();
    private final StringProperty conversation = new SimpleStringProperty("");
    private final IntegerProperty limit = new SimpleIntegerProperty(RetrievalQuery.DEFAULT_LIMIT);
    private final IntegerProperty minReplyLength = new SimpleIntegerProperty(0);
    private final IntegerProperty perScene = new SimpleIntegerProperty(RetrievalQuery.DEFAULT_PER_SCENE);
    private final IntegerProperty budget = new SimpleIntegerProperty(1500);
    private final ObservableList<RetrievedExchange> results = FXCollections.observableArrayList();
    private final StringProperty prepared = new SimpleStringProperty("");
    private final StringProperty summary = new SimpleStringProperty("");

    public RetrievalViewModel(ScriptLibrary library, PersonaRepository personas) {
        this.library = library;
        this.personas = personas;
    }

    public ObservableList<CharacterChoice> characters() {
        return characters;
    }

    public ObjectProperty<CharacterChoice> characterProperty() {
        return character;
    }

    public StringProperty conversationProperty() {
        return conversation;
    }

    public IntegerProperty limitProperty() {
        return limit;
    }

    public IntegerProperty minReplyLengthProperty() {
        return minReplyLength;
    }

    public IntegerProperty perSceneProperty() {
        return perScene;
    }

    public IntegerProperty budgetProperty() {
        return budget;
    }

    public ObservableList<RetrievedExchange> results() {
        return results;
    }

    public StringProperty preparedProperty() {
        return prepared;
    }

    public StringProperty summaryProperty() {
        return summary;
    }

    public void refreshCharacters() {
        CharacterChoice selected = character.get();
        characters.setAll(CharacterChoice.of(personas.list(), library.speakers(personas.list())));
        character.set(selected != null && characters.contains(selected) ? selected
                : characters.isEmpty() ? null : characters.get(0));
    }

    public void search() {
        CharacterChoice chosen = character.get();
        if (chosen == null || conversation.get().isBlank()) {
            results.clear();
            prepared.set("");
            summary.set(chosen == null ? "Import scripts and pick a character." : "Type or paste a conversation.");
            return;
        }
        try {
            List<RetrievedExchange> found = library.search(new RetrievalQuery(conversation.get(), chosen.scriptNames(),
                    Math.max(1, limit.get()), Math.max(0, minReplyLength.get()), Math.max(1, perScene.get()), ""));
            results.setAll(found);
            List<String> blocks = SimilarDialogues.prepare(found, chosen.name(), RetrievalViewModel::countTokens,
                    budget.get());
            String text = String.join(SimilarDialogues.SEPARATOR, blocks);
            prepared.set(text);
            summary.set(found.size() + " exchanges; " + blocks.size() + " fit the budget (" + countTokens(text)
                    + " of " + budget.get() + ")");
        } catch (StudioException e) {
            results.clear();
            prepared.set("");
            summary.set(e.getMessage());
        }
    }

    /** Code points: close to the Index tokenizer's count for Chinese, generous for other text. */
    static int countTokens(String text) {
        return text.codePointCount(0, text.length());
    }
}
