package app.characterstudio.ui.chat;

import app.characterstudio.StudioException;
import app.characterstudio.chat.BuiltPrompt;
import app.characterstudio.chat.ChatService;
import app.characterstudio.chat.Conversation;
import app.characterstudio.chat.GenerationResult;
import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.chat.TokenProbability;
import app.characterstudio.label.Label;
import app.characterstudio.label.LabelService;
import app.characterstudio.label.ReasonTag;
import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.LabelProgress;
import app.characterstudio.store.Session;
import app.characterstudio.store.Turn;
import app.characterstudio.ui.TaskExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The chat screen without its controls: the character and session, the conversation path, the
 * candidates of the current turn and their labels, the composer, the prompt inspector, and the
 * keyboard commands. Generation runs as a background task; everything else is quick database work.
 */
public final class ChatViewModel {
    /** What the screen is waiting for. */
    public enum State { NO_CHARACTER, READY, GENERATING, LABELING, COMPOSING }

    /** What the composer is writing. */
    public enum ComposerMode { NONE, EDIT, WRITE }

    private final ChatService chat;
    private final LabelService labels;
    private final PersonaRepository personas;
    private final TaskExecutor executor;
    private final LongSupplier clock;
    private final ChatInspector inspector;

    private final ObservableList<Persona> characters = FXCollections.observableArrayList();
    private final ObjectProperty<Persona> character = new SimpleObjectProperty<>();
    private final ObservableList<Session> sessions = FXCollections.observableArrayList();
    private final ObjectProperty<Session> session = new SimpleObjectProperty<>();
    private final ObjectProperty<Conversation> conversation = new SimpleObjectProperty<>();
    private final ObservableList<PathEntry> path = FXCollections.observableArrayList();
    private final ObjectProperty<Turn> currentTurn = new SimpleObjectProperty<>();
    private final ObservableList<CandidateItem> candidates = FXCollections.observableArrayList();
    private final ObjectProperty<Label> label = new SimpleObjectProperty<>();
    private final StringProperty message = new SimpleStringProperty("");
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.NO_CHARACTER);
    private final StringProperty status = new SimpleStringProperty("Pick a character to start.");
    private final StringProperty progress = new SimpleStringProperty("");
    private final ObjectProperty<ComposerMode> composerMode = new SimpleObjectProperty<>(ComposerMode.NONE);
    private final StringProperty composerText = new SimpleStringProperty("");
    private final BooleanProperty helpVisible = new SimpleBooleanProperty(false);
    private final BooleanProperty rejectArmed = new SimpleBooleanProperty(false);
    private final IntegerProperty candidateCount = new SimpleIntegerProperty(3);
    /** Incremented when the view should put the cursor in the message box. */
    private final IntegerProperty focusMessageRequests = new SimpleIntegerProperty();

    private Long continueFrom;
    private boolean branching;
    private Long branchParent;
    private CandidateItem composerTarget;
    private long shownAt;
    private Task<GenerationResult> generation;

    public ChatViewModel(ChatService chat, LabelService labels, PersonaRepository personas, TaskExecutor executor,
                         LongSupplier clock) {
        this.chat = chat;
        this.labels = labels;
        this.personas = personas;
        this.executor = executor;
        this.clock = clock;
        this.inspector = new ChatInspector(chat);
    }

    // ---- properties --------------------------------------------------------------------------

    public ObservableList<Persona> characters() { return characters; }
    public ObjectProperty<Persona> characterProperty() { return character; }
    public ObservableList<Session> sessions() { return sessions; }
    public ObjectProperty<Session> sessionProperty() { return session; }
    public ObjectProperty<Conversation> conversationProperty() { return conversation; }
    public ObservableList<PathEntry> path() { return path; }
    public ObjectProperty<Turn> currentTurnProperty() { return currentTurn; }
    public ObservableList<CandidateItem> candidates() { return candidates; }
    public ObjectProperty<Label> labelProperty() { return label; }
    public StringProperty messageProperty() { return message; }
    public ObjectProperty<State> stateProperty() { return state; }
    public State state() { return state.get(); }
    public StringProperty statusProperty() { return status; }
    public StringProperty progressProperty() { return progress; }
    public ObjectProperty<ComposerMode> composerModeProperty() { return composerMode; }
    public StringProperty composerTextProperty() { return composerText; }
    public BooleanProperty helpVisibleProperty() { return helpVisible; }
    public BooleanProperty rejectArmedProperty() { return rejectArmed; }
    public IntegerProperty candidateCountProperty() { return candidateCount; }
    public IntegerProperty focusMessageRequests() { return focusMessageRequests; }
    public ChatInspector inspector() { return inspector; }
    public boolean modelAvailable() { return chat.modelAvailable(); }

    // ---- character and session -----------------------------------------------------------------

    public void loadCharacters() {
        attempt(() -> characters.setAll(personas.list()));
        if (characters.isEmpty()) {
            status.set("No characters yet: create one in Characters (or persona import) first.");
        }
    }

    /** Opens the character's latest session, or readies a new one. */
    public void selectCharacter(Persona persona) {
        character.set(persona);
        if (persona == null) {
            state.set(State.NO_CHARACTER);
            return;
        }
        attempt(() -> {
            sessions.setAll(chat.sessions(persona.id()));
            if (sessions.isEmpty()) {
                newSession();
            } else {
                openSession(sessions.get(0));
            }
            refreshProgress();
        });
    }

    public void newSession() {
        Persona persona = character.get();
        if (persona == null) {
            return;
        }
        attempt(() -> {
            Session started = chat.startSession(persona.id(), "user");
            sessions.add(0, started);
            session.set(started);
            conversation.set(chat.conversation(started.id()));
            clearTurn();
            state.set(State.READY);
            status.set(chat.modelAvailable() ? "Type a message to " + persona.name() + "."
                    : "No model is loaded: type a message, then write the reply by hand (W).");
            focusMessageRequests.set(focusMessageRequests.get() + 1);
        });
    }

    public void openSession(Session chosen) {
        if (chosen == null) {
            return;
        }
        attempt(() -> {
            session.set(chosen);
            Conversation loaded = chat.conversation(chosen.id());
            conversation.set(loaded);
            clearTurn();
            state.set(State.READY);
            loaded.latestTurn().ifPresent(turn -> showTurn(turn.id()));
        });
    }

    // ---- navigation ------------------------------------------------------------------------------

    /** Shows the path to a turn and its candidates (a node picked in the tree). */
    public void showTurn(long turnId) {
        attempt(() -> {
            Conversation tree = chat.conversation(session.get().id());
            conversation.set(tree);
            Turn turn = tree.turn(turnId).orElseThrow();
            String user = session.get().userName();
            String role = character.get() == null ? "" : character.get().name();
            List<PathEntry> lines = new ArrayList<>();
            for (Conversation.Step step : tree.pathTo(turnId)) {
                lines.add(new PathEntry(true, user, step.turn().userText(), step.turn().id()));
                if (step.reply() != null) {
                    lines.add(new PathEntry(false, role, step.reply().text(), step.turn().id()));
                }
            }
            path.setAll(lines);
            currentTurn.set(turn);
            label.set(labels.find(turnId).orElse(Label.empty(turnId)));
            continueFrom = label.get().chosenCandidateId();
            branching = false;
            List<Candidate> replies = tree.candidatesOf(turnId);
            List<CandidateItem> items = new ArrayList<>();
            for (int i = 0; i < replies.size(); i++) {
                items.add(new CandidateItem(i + 1, replies.get(i), originText(replies.get(i), replies),
                        TokenProbability.parse(replies.get(i).logprobsJson())));
            }
            candidates.setAll(items);
            refreshMarks();
            shownAt = clock.getAsLong();
            state.set(replies.isEmpty() ? State.READY : State.LABELING);
            inspector.showDefault(turn, replies, label.get());
        });
    }

    /** Shows a reply's turn and makes the next message follow that reply (branching from any node). */
    public void showCandidate(long candidateId) {
        Conversation tree = conversation.get();
        Candidate reply = tree == null ? null : tree.candidate(candidateId).orElse(null);
        if (reply == null) {
            return;
        }
        showTurn(reply.turnId());
        continueFrom = candidateId;
        candidates.stream().filter(c -> c.candidate() != null && c.candidate().id() == candidateId).findFirst()
                .ifPresent(item -> {
                    inspector.showCandidate(item);
                    status.set("Your next message follows reply " + item.number() + ".");
                });
    }

    // ---- sending and generating ------------------------------------------------------------------

    public void send() {
        String text = message.get() == null ? "" : message.get().strip();
        if (text.isEmpty() || state.get() == State.GENERATING || character.get() == null) {
            return;
        }
        Turn current = currentTurn.get();
        Long parent = branching ? branchParent : current == null ? null : continueFrom;
        if (!branching && current != null && parent == null) {
            status.set(candidates.isEmpty() ? "This message has no reply yet: write one (W) or regenerate (R) first."
                    : "Choose a reply first (press its number), or branch (B).");
            return;
        }
        attempt(() -> {
            Turn turn = chat.say(session.get().id(), parent, text);
            message.set("");
            showTurn(turn.id());
            if (chat.modelAvailable()) {
                generate(candidateCount.get());
            } else {
                status.set("No model is loaded: write the reply by hand (W).");
            }
        });
    }

    public void regenerate() {
        if (currentTurn.get() == null || state.get() == State.GENERATING) {
            return;
        }
        if (!chat.modelAvailable()) {
            status.set("No model is loaded, so nothing can be regenerated: write a reply by hand (W).");
            return;
        }
        generate(candidateCount.get());
    }

    private void generate(int count) {
        Turn turn = currentTurn.get();
        List<CandidateItem> streaming = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            streaming.add(CandidateItem.streaming(candidates.size() + i + 1));
        }
        candidates.addAll(streaming);
        state.set(State.GENERATING);
        status.set("Generating " + count + " replies… (Esc cancels)");
        Task<GenerationResult> task = new Task<>() {
            @Override
            protected GenerationResult call() {
                return chat.generate(turn.id(), count, SamplingSettings.defaults().withLogprobs(true),
                        (index, delta) -> Platform.runLater(() -> streaming.get(index).append(delta)), this::isCancelled);
            }
        };
        task.setOnSucceeded(event -> {
            GenerationResult result = task.getValue();
            showTurn(turn.id());
            status.set(result.cancelled() ? "Generation cancelled; nothing was stored."
                    : result.candidates().size() + " new replies. Press a number to choose, X and a number to reject.");
            refreshProgress();
        });
        task.setOnFailed(event -> {
            showTurn(turn.id());
            Throwable error = task.getException();
            status.set(error instanceof StudioException ? error.getMessage() : "Generation failed: " + error);
        });
        task.setOnCancelled(event -> {
            showTurn(turn.id());
            status.set("Generation cancelled; nothing was stored.");
        });
        generation = task;
        executor.execute(task);
    }

    public void cancelGeneration() {
        if (generation != null && generation.isRunning()) {
            generation.cancel();
        }
    }

    // ---- labeling --------------------------------------------------------------------------------

    public void choose(int number) {
        CandidateItem item = stored(number);
        if (item == null) {
            return;
        }
        saveLabel(label.get().withChosen(item.candidate().id()));
        continueFrom = item.candidate().id();
        inspector.showCandidate(item);
        status.set("Chose reply " + number + ". Enter accepts and moves on.");
    }

    public void reject(int number) {
        CandidateItem item = stored(number);
        if (item != null) {
            saveLabel(label.get().withRejectionToggled(item.candidate().id()));
            if (continueFrom != null && continueFrom == item.candidate().id() && label.get().chosenCandidateId() == null) {
                continueFrom = null;
            }
            status.set(item.mark() == CandidateItem.Mark.REJECTED ? "Rejected reply " + number + "."
                    : "Reply " + number + " is no longer rejected.");
        }
    }

    public void toggleReason(ReasonTag reason) {
        if (label.get() != null) {
            saveLabel(label.get().withReasonToggled(reason));
        }
    }

    public void setRationale(String text) {
        if (label.get() != null && !label.get().rationale().equals(text == null ? "" : text.strip())) {
            saveLabel(label.get().withRationale(text));
        }
    }

    public void toggleSafetyCase() {
        if (label.get() != null) {
            saveLabel(label.get().withSafetyCase(!label.get().safetyCase()));
        }
    }

    /** Enter: keeps the choice and moves on to the next message. */
    public void accept() {
        if (label.get() == null || !label.get().hasChoice()) {
            status.set("Choose a reply first: press its number.");
            return;
        }
        continueFrom = label.get().chosenCandidateId();
        branching = false;
        state.set(State.READY);
        status.set("Type your next message.");
        focusMessageRequests.set(focusMessageRequests.get() + 1);
    }

    /** B: the next message becomes a new branch beside the current one (its text ready to rewrite). */
    public void branch() {
        Turn turn = currentTurn.get();
        if (turn == null) {
            return;
        }
        branching = true;
        branchParent = turn.parentCandidateId();
        message.set(turn.userText());
        state.set(State.READY);
        status.set("Rewrite the message and press Enter: it becomes a new branch; the old one stays.");
        focusMessageRequests.set(focusMessageRequests.get() + 1);
    }

    // ---- composing -------------------------------------------------------------------------------

    public void startEdit(int number) {
        CandidateItem item = stored(number);
        if (item != null) {
            composerTarget = item;
            composerText.set(item.text());
            composerMode.set(ComposerMode.EDIT);
            state.set(State.COMPOSING);
            status.set("Editing reply " + number + ": Ctrl+Enter saves it as a new reply, Esc cancels.");
        }
    }

    public void startWrite() {
        if (currentTurn.get() == null) {
            status.set("Send a message first.");
            return;
        }
        composerTarget = null;
        composerText.set("");
        composerMode.set(ComposerMode.WRITE);
        state.set(State.COMPOSING);
        status.set("Write the reply: Ctrl+Enter saves it, Esc cancels.");
    }

    public void saveComposer() {
        String text = composerText.get();
        ComposerMode mode = composerMode.get();
        attempt(() -> {
            Candidate stored = mode == ComposerMode.EDIT ? chat.editReply(composerTarget.candidate().id(), text)
                    : chat.writeReply(currentTurn.get().id(), text);
            composerMode.set(ComposerMode.NONE);
            showTurn(stored.turnId());
            status.set((mode == ComposerMode.EDIT ? "Saved the edit" : "Saved your reply") + " as reply "
                    + candidates.size() + ". Press " + candidates.size() + " to choose it.");
            refreshProgress();
        });
    }

    public void cancelComposer() {
        composerMode.set(ComposerMode.NONE);
        state.set(candidates.isEmpty() ? State.READY : State.LABELING);
        status.set("");
    }

    // ---- keyboard --------------------------------------------------------------------------------

    /**
     * Handles a key pressed outside text fields: {@code "1"}..{@code "9"}, {@code "X"}, {@code "R"},
     * {@code "E"}, {@code "W"}, {@code "B"}, {@code "S"}, {@code "ENTER"}, {@code "ESCAPE"}, {@code "?"},
     * {@code "F1"} (see {@link Shortcut#ALL}). Returns whether it was a shortcut.
     */
    public boolean key(String key, boolean shift) {
        if (helpVisible.get()) {
            helpVisible.set(false);
            return true;
        }
        if (key.length() == 1 && key.charAt(0) >= '1' && key.charAt(0) <= '9') {
            int number = key.charAt(0) - '0';
            if (shift || rejectArmed.get()) {
                rejectArmed.set(false);
                reject(number);
            } else {
                choose(number);
            }
            return true;
        }
        rejectArmed.set(false);
        switch (key) {
            case "X" -> {
                rejectArmed.set(true);
                status.set("Reject which reply? Press its number.");
            }
            case "R" -> regenerate();
            case "E" -> startEdit(label.get() != null && label.get().hasChoice() ? numberOf(label.get().chosenCandidateId()) : 1);
            case "W" -> startWrite();
            case "B" -> branch();
            case "S" -> toggleSafetyCase();
            case "ENTER" -> accept();
            case "ESCAPE" -> {
                if (state.get() == State.GENERATING) {
                    cancelGeneration();
                } else if (state.get() == State.COMPOSING) {
                    cancelComposer();
                }
            }
            case "?", "F1" -> helpVisible.set(true);
            default -> {
                return false;
            }
        }
        return true;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void saveLabel(Label next) {
        attempt(() -> {
            label.set(labels.save(next.withTimeSpent(Math.max(0, clock.getAsLong() - shownAt))));
            refreshMarks();
            refreshProgress();
        });
    }

    private void refreshMarks() {
        Label current = label.get();
        for (CandidateItem item : candidates) {
            if (item.candidate() == null || current == null) {
                item.markProperty().set(CandidateItem.Mark.NONE);
            } else if (Long.valueOf(item.candidate().id()).equals(current.chosenCandidateId())) {
                item.markProperty().set(CandidateItem.Mark.CHOSEN);
            } else {
                item.markProperty().set(current.rejected().contains(item.candidate().id())
                        ? CandidateItem.Mark.REJECTED : CandidateItem.Mark.NONE);
            }
        }
    }

    void refreshProgress() {
        Persona persona = character.get();
        if (persona != null) {
            LabelProgress counts = labels.progress(persona.id());
            progress.set(counts.labeledTurns() + " labeled · " + counts.unlabeledTurns() + " to label");
        }
    }

    private CandidateItem stored(int number) {
        if (number < 1 || number > candidates.size() || candidates.get(number - 1).isStreaming()) {
            status.set(candidates.isEmpty() ? "There are no replies yet." : "There is no reply " + number + ".");
            return null;
        }
        return candidates.get(number - 1);
    }

    private int numberOf(long candidateId) {
        return candidates.stream().filter(c -> c.candidate() != null && c.candidate().id() == candidateId)
                .mapToInt(CandidateItem::number).findFirst().orElse(1);
    }

    private void clearTurn() {
        path.clear();
        candidates.clear();
        currentTurn.set(null);
        label.set(null);
        continueFrom = null;
        branching = false;
        inspector.clear();
    }

    private static String originText(Candidate candidate, List<Candidate> siblings) {
        return switch (candidate.origin()) {
            case MODEL -> candidate.modelName() == null ? "model" : candidate.modelName();
            case HUMAN -> "written by hand";
            case EDIT -> {
                int index = 0;
                for (int i = 0; i < siblings.size(); i++) {
                    if (Long.valueOf(siblings.get(i).id()).equals(candidate.editedFromId())) {
                        index = i + 1;
                    }
                }
                yield index > 0 ? "edit of " + index : "edit";
            }
        };
    }

    private void attempt(Runnable action) {
        try {
            action.run();
        } catch (StudioException e) {
            status.set(e.getMessage());
        }
    }

    /** The prompt the next reply of the current turn would get (the inspector's "next prompt"). */
    public BuiltPrompt inspectNextPrompt() {
        Turn turn = currentTurn.get();
        return turn == null ? null : inspector.showNext(turn);
    }
}
