package app.characterstudio.ui.chat;

import app.characterstudio.StudioException;
import app.characterstudio.chat.BuiltPrompt;
import app.characterstudio.chat.ChatService;
import app.characterstudio.chat.GenerationResult;
import app.characterstudio.chat.PromptTemplate;
import app.characterstudio.chat.RetrievedDialogue;
import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.label.Label;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.StoredTemplate;
import app.characterstudio.store.Turn;
import app.characterstudio.ui.kit.TaskExecutor;
import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The prompt inspector's model: the exact prompt a reply answered (as stored with it, the one its generation
 * used), its token count and exchanges; or, on request, the prompt the next reply would get. What needs the
 * database, the index or the tokenizer is read in the background.
 */
public final class ChatInspector {
    private final java.util.function.Supplier<ChatService> chat;
    private final TaskExecutor executor;
    private final StringProperty title = new SimpleStringProperty("Prompt");
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty summary = new SimpleStringProperty("");
    private final ObservableList<RetrievedDialogue> exchanges = FXCollections.observableArrayList();

    ChatInspector(java.util.function.Supplier<ChatService> chat, TaskExecutor executor) {
        this.chat = chat;
        this.executor = executor;
    }

    public StringProperty titleProperty() { return title; }
    public StringProperty textProperty() { return text; }
    public StringProperty summaryProperty() { return summary; }
    public ObservableList<RetrievedDialogue> exchanges() { return exchanges; }

    void clear() {
        title.set("Prompt");
        text.set("");
        summary.set("");
        exchanges.clear();
    }

    /** The chosen reply's prompt, else the first reply's. */
    void showDefault(List<Candidate> replies, Label label) {
        if (replies.isEmpty()) {
            clear();
            return;
        }
        Candidate shown = replies.get(0);
        int number = 1;
        for (int i = 0; i < replies.size(); i++) {
            if (label != null && Long.valueOf(replies.get(i).id()).equals(label.chosenCandidateId())) {
                shown = replies.get(i);
                number = i + 1;
            }
        }
        show(number, shown);
    }

    void showCandidate(CandidateItem item) {
        if (item.candidate() != null) {
            show(item.number(), item.candidate());
        }
    }

    /** The prompt a generation used, as stored with the first of the replies it returned (numbered from {@code first}). */
    void showGeneration(int first, GenerationResult result) {
        show(first, result.candidates().get(0));
    }

    private void show(int number, Candidate reply) {
        title.set("Prompt of reply " + number);
        text.set(reply.promptText() == null ? "" : reply.promptText());
        List<RetrievedDialogue> used = chat.get().exchangesOf(reply);
        exchanges.setAll(used);
        String shown = reply.promptText() == null ? "No prompt was recorded for this reply."
                : (reply.promptTokenCount() == null ? "token count unknown (no tokenizer was loaded)"
                        : reply.promptTokenCount() + " tokens") + " · "
                + used.size() + " script exchanges" + (reply.modelName() == null ? "" : " · " + reply.modelName());
        summary.set(shown);
        if (reply.promptText() != null) {
            // the template's version is a database read: in the background, then added if this reply is still shown
            executor.submit(() -> templateOf(reply), template -> {
                if (summary.get().equals(shown)) {
                    summary.set(shown + " · " + template);
                }
            }, summary);
        }
    }

    /** e.g. "template version 2 (layout 2: speaker names kept)", or that none was recorded. */
    private String templateOf(Candidate reply) {
        return chat.get().templateOf(reply).map(ChatInspector::describe).orElse("no template recorded");
    }

    static String describe(StoredTemplate template) {
        return (template.characterId() == null ? "default template" : "own template") + " version "
                + template.version() + " (" + PromptTemplate.layoutDescription(template.layout()) + ")";
    }

    /** The prompt the next reply to {@code turn} would get (a fresh retrieval), built in the background. */
    void showNext(Turn turn) {
        title.set("Prompt for the next reply");
        text.set("");
        exchanges.clear();
        summary.set("Building…");
        executor.submit(() -> {
            try {
                return chat.get().promptFor(turn.id(), SamplingSettings.defaults().maxNewTokens());
            } catch (StudioException e) {
                return e;
            }
        }, built -> {
            if (!title.get().equals("Prompt for the next reply")) {
                return;                      // another prompt is shown meanwhile
            }
            if (built instanceof BuiltPrompt prompt) {
                text.set(prompt.text());
                exchanges.setAll(prompt.exchanges());
                summary.set(prompt.tokenCount() + (prompt.tokenCountEstimated() ? " tokens (estimated from characters)"
                        : " tokens") + " of " + prompt.budgetTokens() + " · " + prompt.exchanges().size()
                        + " script exchanges · " + prompt.droppedHistoryLines().size() + " old lines left out");
            } else {
                summary.set(((StudioException) built).getMessage());
            }
        }, summary);
    }
}
