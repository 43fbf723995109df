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
        CharacterChoice.refresh(characters, character, personas, library);
    }

    /** What to search for, read from the properties on the UI thread. */
    public record Request(CharacterChoice character, String conversation, int limit, int minReplyLength, int perScene,
                          int budget) {
    }

    /** What the panel shows after a search. */
    public record Outcome(List<RetrievedExchange> results, String prepared, String summary) {
    }

    public Request request() {
        return new Request(character.get(), conversation.get(), Math.max(1, limit.get()),
                Math.max(0, minReplyLength.get()), Math.max(1, perScene.get()), budget.get());
    }

    /** The search itself: any thread (the view runs it in the background, an import may hold the library). */
    public Outcome compute(Request request) {
        CharacterChoice chosen = request.character();
        if (chosen == null || request.conversation() == null || request.conversation().isBlank()) {
            return new Outcome(List.of(), "", chosen == null ? "Import scripts and pick a character."
                    : "Type or paste a conversation.");
        }
        try {
            List<RetrievedExchange> found = library.search(new RetrievalQuery(request.conversation(),
                    chosen.scriptNames(), request.limit(), request.minReplyLength(), request.perScene(), ""));
            List<String> blocks = SimilarDialogues.prepare(found, chosen.name(), RetrievalViewModel::countTokens,
                    request.budget());
            String text = String.join(SimilarDialogues.SEPARATOR, blocks);
            return new Outcome(found, text, found.size() + " exchanges; " + blocks.size() + " fit the budget ("
                    + countTokens(text) + " of " + request.budget() + ")");
        } catch (StudioException e) {
            return new Outcome(List.of(), "", e.getMessage());
        }
    }

    /** Shows an outcome (UI thread). */
    public void apply(Outcome outcome) {
        results.setAll(outcome.results());
        prepared.set(outcome.prepared());
        summary.set(outcome.summary());
    }

    /** Searches on the calling thread. */
    public void search() {
        apply(compute(request()));
    }

    /** Code points: close to the Index tokenizer's count for Chinese, generous for other text. */
    static int countTokens(String text) {
        return text.codePointCount(0, text.length());
    }
}
