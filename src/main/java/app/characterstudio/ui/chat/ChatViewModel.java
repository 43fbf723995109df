package app.characterstudio.ui.chat;

import app.characterstudio.StudioException;
import app.characterstudio.chat.BuiltPrompt;
import app.characterstudio.chat.ChatCursor;
import app.characterstudio.chat.ChatService;
import app.characterstudio.chat.Conversation;
import app.characterstudio.chat.GenerationResult;
import app.characterstudio.label.Label;
import app.characterstudio.label.LabelService;
import app.characterstudio.label.ReasonTag;
import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.Session;
import app.characterstudio.store.Turn;
import app.characterstudio.ui.kit.TaskExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
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

/**
 * The chat screen without its controls: character and session, the conversation path, the candidates
 * of the current turn, the composer, and the keyboard commands; labels live in {@link LabelingModel},
 * the prompt inspector in {@link ChatInspector}. Nothing here reads or writes the database on the UI
 * thread: generation runs as a background task, and every other read and write goes, in the order the
 * user acted, to one in-order executor ({@link TaskExecutor#inOrder}), the screen following when it is
 * done. The chat service is looked up on each use, so a model loaded later is used.
 */
public final class ChatViewModel {
    /** What the screen is waiting for. */
    public enum State { NO_CHARACTER, READY, GENERATING, LABELING, COMPOSING }

    /** What the composer is writing. */
    public enum ComposerMode { NONE, EDIT, WRITE }

    private final Supplier<ChatService> chat;
    private final PersonaRepository personas;
    /** The database work of this screen, one task after the other in the order asked. */
    private final TaskExecutor work;
    private final ChatInspector inspector;
    private final TemplateEditorModel template;
    private final LabelingModel labeling;

    private final ObservableList<Persona> characters = FXCollections.observableArrayList();
    private final ObjectProperty<Persona> character = new SimpleObjectProperty<>();
    private final ObservableList<Session> sessions = FXCollections.observableArrayList();
    private final ObjectProperty<Session> session = new SimpleObjectProperty<>();
    private final ObjectProperty<Conversation> conversation = new SimpleObjectProperty<>();
    private final ObservableList<PathEntry> path = FXCollections.observableArrayList();
    private final ObjectProperty<Turn> currentTurn = new SimpleObjectProperty<>();
    private final ObservableList<CandidateItem> candidates = FXCollections.observableArrayList();
    private final StringProperty message = new SimpleStringProperty("");
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.NO_CHARACTER);
    private final StringProperty status = new SimpleStringProperty("Pick a character to start.");
    private final StringProperty modelStatus = new SimpleStringProperty("");
    private Supplier<String> replySource;
    private final BooleanProperty helpVisible = new SimpleBooleanProperty(false);
    private final BooleanProperty rejectArmed = new SimpleBooleanProperty(false);
    private final BooleanProperty compareVisible = new SimpleBooleanProperty(false);
    private final IntegerProperty candidateCount = new SimpleIntegerProperty(3);
    /** Incremented when the view should put the cursor in the message box. */
    private final IntegerProperty focusMessageRequests = new SimpleIntegerProperty();

    /** Which turn is current and what the next message follows; {@link #currentTurn} shows its turn. */
    private final ChatCursor cursor = new ChatCursor();
    private final ComposerModel composer;
    private final GenerationRunner generation;
    private final RewardSuggestions rewards = new RewardSuggestions();

    public ChatViewModel(Supplier<ChatService> chat, LabelService labels, PersonaRepository personas,
                         TaskExecutor executor, LongSupplier clock) {
        this.chat = chat;
        this.personas = personas;
        this.work = executor.inOrder();
        this.inspector = new ChatInspector(chat, executor);
        this.template = new TemplateEditorModel(chat, work);
        this.labeling = new LabelingModel(labels, clock, work, candidates, status);
        this.composer = new ComposerModel(this, chat, work);
        this.generation = new GenerationRunner(this, chat, executor);
        conversation.addListener((obs, old, now) -> labeling.refreshTurnLabels(now));
        refreshModelStatus();
    }

    public ObservableList<Persona> characters() { return characters; }
    public ObjectProperty<Persona> characterProperty() { return character; }
    public ObservableList<Session> sessions() { return sessions; }
    public ObjectProperty<Session> sessionProperty() { return session; }
    public ObjectProperty<Conversation> conversationProperty() { return conversation; }
    public ObservableList<PathEntry> path() { return path; }
    public ObjectProperty<Turn> currentTurnProperty() { return currentTurn; }
    public ObservableList<CandidateItem> candidates() { return candidates; }
    public ObjectProperty<Label> labelProperty() { return labeling.labelProperty(); }
    public StringProperty reasonsScopeProperty() { return labeling.reasonsScopeProperty(); }
    public javafx.beans.property.IntegerProperty reasonTargetProperty() { return labeling.reasonTargetProperty(); }
    public ObjectProperty<java.util.Map<Long, Label>> turnLabelsProperty() { return labeling.turnLabelsProperty(); }
    public StringProperty progressProperty() { return labeling.progressProperty(); }
    public javafx.beans.property.DoubleProperty progressFractionProperty() { return labeling.progressFractionProperty(); }
    public StringProperty labelerProperty() { return labeling.labelerProperty(); }
    public StringProperty messageProperty() { return message; }
    public ObjectProperty<State> stateProperty() { return state; }
    public State state() { return state.get(); }
    public StringProperty statusProperty() { return status; }
    public StringProperty modelStatusProperty() { return modelStatus; }
    public ObjectProperty<ComposerMode> composerModeProperty() { return composer.modeProperty(); }
    public StringProperty composerTextProperty() { return composer.textProperty(); }
    public BooleanProperty helpVisibleProperty() { return helpVisible; }
    public BooleanProperty rejectArmedProperty() { return rejectArmed; }
    /** The side-by-side comparison of two replies is shown instead of the cards. */
    public BooleanProperty compareVisibleProperty() { return compareVisible; }
    public IntegerProperty candidateCountProperty() { return candidateCount; }
    public IntegerProperty focusMessageRequests() { return focusMessageRequests; }
    public ChatInspector inspector() { return inspector; }
    public TemplateEditorModel template() { return template; }
    public boolean modelAvailable() { return chat.get().modelAvailable(); }

    /** Reads the characters and the labeler name in the background, then shows them. */
    public void loadCharacters() {
        inBackground(() -> new Start(personas.list(), labeling.readLabeler()), start -> {
            characters.setAll(start.characters());
            labeling.showLabeler(start.labeler());
            if (characters.isEmpty()) {
                status.set("No characters yet: create one in Characters first.");
            }
        });
    }

    private record Start(List<Persona> characters, String labeler) {
    }

    /** Opens the character's latest session, or starts a new one (its sessions, template and progress read in the background). */
    public void selectCharacter(Persona persona) {
        selectCharacter(persona, null);
    }

    /**
     * Opens a place remembered from an earlier run: the character and its session {@code sessionId} (its latest
     * where that one is gone), once the characters asked for before are read. Nothing when the character is gone.
     */
    public void openPlace(String characterId, long sessionId) {
        // a task that reads nothing: queued after loadCharacters, its result arrives once the characters are shown
        inBackground(() -> characterId, id -> characters.stream().filter(p -> p.id().equals(id)).findFirst()
                .ifPresent(persona -> selectCharacter(persona, sessionId)));
    }

    private void selectCharacter(Persona persona, Long preferredSession) {
        character.set(persona);
        if (persona == null) {
            state.set(State.NO_CHARACTER);
            return;
        }
        ChatService service = chat.get();
        inBackground(() -> new CharacterRead(service.sessions(persona.id()), service.template(persona.id()),
                labeling.readProgress(persona.id()), labeling.readLabeler()), read -> {
                    if (character.get() != persona) {
                        return;                                  // another character was chosen meanwhile
                    }
                    sessions.setAll(read.sessions());
                    template.show(persona.id(), read.template());
                    labeling.showProgress(read.progress());
                    labeling.showLabeler(read.labeler());
                    if (sessions.isEmpty()) {
                        newSession();
                    } else {
                        openSession(sessions.stream().filter(s -> preferredSession != null && s.id() == preferredSession)
                                .findFirst().orElse(sessions.get(0)));
                    }
                });
    }

    private record CharacterRead(List<Session> sessions, app.characterstudio.store.StoredTemplate template,
                                 app.characterstudio.label.GoalProgress progress, String labeler) {
    }

    public void newSession() {
        Persona persona = character.get();
        if (persona == null) {
            return;
        }
        ChatService service = chat.get();
        inBackground(() -> {
            Session started = service.startSession(persona.id(), "user");
            return new Opened(started, service.outline(started.id()));
        }, opened -> {
            sessions.add(0, opened.session());
            session.set(opened.session());
            conversation.set(opened.tree());
            clearTurn();
            state.set(State.READY);
            refreshModelStatus();
            status.set(modelAvailable() ? "Type a message to " + persona.name() + "."
                    : "No model is loaded: type a message, then write the reply by hand (W).");
            requestMessageFocus();
        });
    }

    private record Opened(Session session, Conversation tree) {
    }

    /** Opens {@code chosen} at once and shows its tree and latest turn once they are read. */
    public void openSession(Session chosen) {
        if (chosen == null) {
            return;
        }
        session.set(chosen);
        ChatService service = chat.get();
        inBackground(() -> service.outline(chosen.id()), loaded -> {
            if (session.get() != chosen) {
                return;                                          // another session was opened meanwhile
            }
            conversation.set(loaded);
            clearTurn();
            state.set(State.READY);
            loaded.latestTurn().ifPresent(turn -> showTurn(turn.id()));
        });
    }

    /** Sets the workspace's labeler name (asked once) in the background; {@code saved} runs once it is stored. */
    public void setLabeler(String name, Runnable saved) {
        labeling.setLabeler(name, saved);
    }

    /**
     * Takes back the last label change (Ctrl+Z) and shows its turn with the label it has again,
     * opening that turn's session when it is another.
     */
    public void undoLastLabel() {
        inBackground(labeling::undo, undone -> {
            if (undone.isEmpty()) {
                status.set("Nothing to undo: no label change is left in the history.");
                return;
            }
            app.characterstudio.label.LabelUndo u = undone.get();
            goTo(u.sessionId(), u.turnId(), shown -> {
                labeling.refreshProgress(characterId());
                status.set("Undone: " + (shown ? "this turn " : "turn " + u.turnId() + " of session " + u.sessionId()
                        + " (another character's) ") + u.restored().map(l -> "has its earlier label again.")
                        .orElse("has no label again."));
            });
        });
    }

    /** Shows the next turn of this character with replies but no chosen reply (N), across its sessions. */
    public void nextUnlabeled() {
        Persona persona = character.get();
        if (persona == null) {
            status.set("Pick a character first.");
            return;
        }
        long after = currentTurn.get() == null ? 0 : currentTurn.get().id();
        inBackground(() -> labeling.next(persona.id(), after), next -> {
            if (next.isEmpty()) {
                status.set("Every turn with replies of " + (persona.name().isBlank() ? persona.id() : persona.name())
                        + " is labeled.");
                return;
            }
            goTo(next.get().sessionId(), next.get().turnId(), shown -> status.set("Next unlabeled: turn "
                    + next.get().turnId() + " of session " + next.get().sessionId() + " · " + progressProperty().get()));
        });
    }

    /**
     * Shows the turn, opening its session first when it is another of this character's (its sessions read
     * again when it is not listed); {@code then} learns whether it was one of them.
     */
    private void goTo(long sessionId, long turnId, java.util.function.Consumer<Boolean> then) {
        if (session.get() != null && session.get().id() == sessionId) {
            showTurn(turnId, true, () -> then.accept(true));
            return;
        }
        Optional<Session> listed = sessions.stream().filter(s -> s.id() == sessionId).findFirst();
        String characterId = characterId();
        if (listed.isPresent() || characterId == null) {
            showIn(listed, turnId, then);
            return;
        }
        ChatService service = chat.get();
        inBackground(() -> service.sessions(characterId), read -> {
            sessions.setAll(read);
            showIn(sessions.stream().filter(s -> s.id() == sessionId).findFirst(), turnId, then);
        });
    }

    private void showIn(Optional<Session> target, long turnId, java.util.function.Consumer<Boolean> then) {
        if (target.isEmpty()) {
            then.accept(false);
            return;
        }
        session.set(target.get());
        showTurn(turnId, true, () -> then.accept(true));
    }

    /** Shows the path to a turn and its candidates (a node picked in the tree). */
    public void showTurn(long turnId) {
        showTurn(turnId, true, () -> { });
    }

    /**
     * Reads the session's tree, the turn's replies and its label in the background, then shows them and runs
     * {@code then}. {@code previewNext}: when the turn has no reply, the inspector shows the prompt the next reply
     * would get (built in the background); false when a generation is about to build it, and show it, itself.
     */
    void showTurn(long turnId, boolean previewNext, Runnable then) {
        Session shown = session.get();
        if (shown == null) {
            return;
        }
        ChatService service = chat.get();
        work.submit(() -> new TurnRead(service.outline(shown.id()), service.replies(turnId), labeling.read(turnId),
                        rewards.read(turnId)),
                read -> {
                    if (session.get() == null || session.get().id() != shown.id()) {
                        return;                                  // another session was opened meanwhile
                    }
                    attempt(() -> {
                        show(read, turnId, previewNext);
                        then.run();
                    });
                }, status);
    }

    /** What showing a turn reads from the database. */
    private record TurnRead(Conversation tree, List<Candidate> replies, Label label, RewardSuggestions.Scores scores) {
    }

    private void show(TurnRead read, long turnId, boolean previewNext) {
        Conversation tree = read.tree();
        Turn turn = tree.turn(turnId).orElseThrow();
        String role = character.get() == null ? "" : character.get().name();
        List<PathEntry> lines = new ArrayList<>();
        for (Conversation.Step step : tree.pathTo(turnId)) {
            lines.add(new PathEntry(true, session.get().userName(), step.turn().userText(), step.turn().id()));
            if (step.reply() != null) {
                lines.add(new PathEntry(false, role, step.reply().text(), step.turn().id()));
            }
        }
        path.setAll(lines);
        conversation.set(tree);
        List<Candidate> replies = read.replies();
        showReplies(replies);
        rewards.show(read.scores(), candidates);
        labeling.show(read.label());
        enter(turn, labeling.current().chosenCandidateId());
        state.set(replies.isEmpty() ? State.READY : State.LABELING);
        refreshModelStatus();
        if (!replies.isEmpty()) {
            inspector.showDefault(replies, labeling.current());
        } else if (previewNext) {
            inspector.showNext(turn);
        } else {
            inspector.clear();
        }
    }

    private void showReplies(List<Candidate> replies) {
        List<CandidateItem> items = new ArrayList<>();
        for (int number = 1; number <= replies.size(); number++) {
            items.add(CandidateItem.of(number, replies));
        }
        candidates.setAll(items);
    }

    /**
     * A generation for {@code turn} ended: its streaming cards give way to the replies it returned (null or
     * cancelled: none), the tree gains them and the inspector shows the prompt it used. Nothing is read again.
     */
    void showGenerated(Turn turn, GenerationResult result) {
        List<Candidate> replies = new ArrayList<>(candidates.stream().map(CandidateItem::candidate)
                .filter(java.util.Objects::nonNull).toList());
        boolean stored = result != null && !result.cancelled() && !result.candidates().isEmpty();
        if (stored) {
            replies.addAll(result.candidates());
            if (conversation.get() != null) {
                conversation.set(conversation.get().withCandidates(result.candidates()));
            }
        }
        showReplies(replies);
        labeling.refreshMarks();
        Label label = labeling.current();
        cursor.goOnFrom(label == null ? null : label.chosenCandidateId());
        state.set(replies.isEmpty() ? State.READY : State.LABELING);
        refreshModelStatus();
        if (stored) {
            inspector.showGeneration(replies.size() - result.candidates().size() + 1, result);
        } else if (!replies.isEmpty()) {
            inspector.showDefault(replies, label);
        }
    }

    /** Reads reward-model scores and suggestions from {@code scoring} (the cards show none without it). */
    public void useRewardScores(Supplier<app.characterstudio.scoring.RewardScoring> scoring) {
        rewards.use(scoring);
    }

    /** The score set the cards show ("name@hash"), if any. */
    public Optional<String> rewardModelShown() {
        return rewards.setLabel();
    }

    /**
     * Accepts the reward model's pick of the current turn as the creator's label (key A): from then on it is a human
     * label, with the score set that suggested it kept.
     */
    public void acceptSuggestion() {
        Turn turn = currentTurn.get();
        Optional<Long> pick = rewards.pick();
        if (turn == null || pick.isEmpty()) {
            status.set(rewards.setLabel().isEmpty() ? "No reward model has scored replies yet (Model room, Reward model)."
                    : "The reward model has no pick for this turn: it needs two scored replies, one above the rest.");
            return;
        }
        long chosen = pick.get();
        inBackground(() -> rewards.accept(turn.id()), accepted -> showTurn(turn.id(), true, () -> {
            int number = candidates.stream().filter(c -> c.candidate() != null && c.candidate().id() == chosen)
                    .mapToInt(CandidateItem::number).findFirst().orElse(0);
            status.set("Accepted " + rewards.setLabel().orElse("the reward model") + "'s pick, reply " + number
                    + ", as your label. Enter accepts and moves on.");
            labeling.refreshProgress(characterId());
        }));
    }

    /** Opens {@code characterId}'s session and shows the turn (from the reward model's disagreements). */
    public void openTurn(String characterId, long sessionId, long turnId) {
        Persona persona = characters.stream().filter(p -> p.id().equals(characterId)).findFirst().orElse(null);
        if (persona == null) {
            status.set("There is no character " + characterId + " any more.");
            return;
        }
        if (character.get() != persona) {
            character.set(persona);
            sessions.clear();                                    // goTo reads the character's sessions
        }
        goTo(sessionId, turnId, shown -> {
            if (!shown) {
                status.set("Session " + sessionId + " is not one of " + persona.name() + "'s.");
            }
        });
    }

    /** Shows a reply's turn and makes the next message follow that reply (branching from any node). */
    public void showCandidate(long candidateId) {
        Candidate reply = conversation.get() == null ? null : conversation.get().candidate(candidateId).orElse(null);
        if (reply == null) {
            return;
        }
        showTurn(reply.turnId(), true, () -> {
            cursor.goOnFrom(candidateId);
            candidates.stream().filter(c -> c.candidate() != null && c.candidate().id() == candidateId).findFirst()
                    .ifPresent(item -> {
                        inspector.showCandidate(item);
                        status.set("Your next message follows reply " + item.number() + ".");
                    });
        });
    }

    public void send() {
        String text = message.get() == null ? "" : message.get().strip();
        if (text.isEmpty() || state.get() == State.GENERATING || character.get() == null) {
            return;
        }
        ChatCursor.NextMessage next = cursor.next();
        if (!next.possible()) {
            status.set(candidates.isEmpty() ? "This message has no reply yet: write one (W) or regenerate (R) first."
                    : "Choose a reply first (press its number), or branch (B).");
            return;
        }
        ChatService service = chat.get();
        long sessionId = session.get().id();
        work.submit(() -> service.say(sessionId, next.parentReplyId(), text), turn -> {
            message.set("");
            boolean generating = modelAvailable();
            showTurn(turn.id(), !generating, () -> {
                if (generating) {
                    generate(candidateCount.get());
                } else {
                    status.set("No model is loaded: write the reply by hand (W).");
                }
            });
        }, status);
    }

    public void regenerate() {
        if (currentTurn.get() == null || state.get() == State.GENERATING) {
            return;
        }
        if (!modelAvailable()) {
            status.set("No model is loaded, so nothing can be regenerated: write a reply by hand (W).");
            return;
        }
        generate(candidateCount.get());
    }

    private void generate(int count) {
        generation.start(currentTurn.get(), count);
    }

    public void cancelGeneration() {
        generation.cancel();
    }

    public void choose(int number) {
        stored(number).ifPresent(item -> {
            labeling.choose(item);
            cursor.goOnFrom(item.candidate().id());
            inspector.showCandidate(item);
            List<Integer> origins = candidates.stream().filter(c -> c.mark() == CandidateItem.Mark.EDIT_REJECTED)
                    .map(CandidateItem::number).toList();
            status.set("Chose reply " + number + ". " + (origins.isEmpty() ? "" : "It is an edit, so reply "
                    + origins.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                    + " counts as rejected (edited); Undo on its card keeps it out of the pairs. ")
                    + "Enter accepts and moves on.");
            labeling.refreshProgress(character.get().id());
        });
    }

    /**
     * Takes back the "rejected (edited)" of the replies the chosen edit was made from, or restores it: the
     * export pairs the edit with its originals only while they show so.
     */
    public void toggleEditOrigins() {
        if (!labeling.toggleEditOrigins()) {
            status.set("The chosen reply is not an edit, so no reply is rejected by it.");
            return;
        }
        status.set(labeling.current().editOriginsKept()
                ? "The original is no longer rejected by its edit: the export makes no pair of them for this turn."
                : "The original counts as rejected (edited) again: the export pairs it with the chosen edit.");
    }

    /** Rejects a reply, or takes its rejection back. */
    public void reject(int number) {
        stored(number).ifPresent(item -> {
            labeling.toggleRejection(item);
            if (labeling.current().chosenCandidateId() == null) {
                cursor.goOnFrom(null);
            }
            status.set(item.mark() == CandidateItem.Mark.REJECTED ? "Rejected reply " + number + "."
                    : "Reply " + number + " is no longer rejected.");
            labeling.refreshProgress(character.get().id());
        });
    }

    public void toggleReason(ReasonTag reason) {
        labeling.toggleReason(reason);
    }

    /** Makes the reason tags about reply {@code number}, or the whole turn (0). */
    public void targetReasons(int number) {
        labeling.targetReasons(number);
    }

    /** The reasons of {@code label} about the reply the tags are about (or the whole turn). */
    public java.util.Set<ReasonTag> targetReasons(Label label) {
        return labeling.targetReasons(label);
    }

    public void setRationale(String text) {
        labeling.setRationale(text);
    }

    public void toggleSafetyCase() {
        labeling.toggleSafetyCase();
    }

    /** The keyboard number of the chosen reply, if one is chosen. */
    public Optional<Integer> chosenNumber() {
        Label label = labeling.current();
        return label == null || !label.hasChoice() ? Optional.empty()
                : candidates.stream().filter(c -> c.mark() == CandidateItem.Mark.CHOSEN).map(CandidateItem::number).findFirst();
    }

    /** Enter: keeps the choice and moves on to the next message. */
    public void accept() {
        Label label = labeling.current();
        if (label == null || !label.hasChoice()) {
            status.set("Choose a reply first: press its number.");
            return;
        }
        enter(cursor.current(), label.chosenCandidateId());
        state.set(State.READY);
        status.set("Type your next message.");
        requestMessageFocus();
    }

    /** B: the next message becomes a new branch beside the current one (its text ready to rewrite). */
    public void branch() {
        Turn turn = currentTurn.get();
        if (turn == null) {
            return;
        }
        cursor.branchHere();
        message.set(turn.userText());
        state.set(State.READY);
        status.set("Rewrite the message and press Enter: it becomes a new branch; the old one stays.");
        requestMessageFocus();
    }

    public void startEdit(int number) {
        stored(number).ifPresent(composer::startEdit);
    }

    public void startWrite() {
        if (currentTurn.get() == null) {
            status.set("Send a message first.");
            return;
        }
        composer.startWrite();
    }

    public void saveComposer() {
        composer.save();
    }

    public void cancelComposer() {
        composer.cancel();
    }

    /**
     * Handles a key pressed outside text fields: {@code "1"}..{@code "9"}, {@code "X"}, {@code "R"},
     * {@code "E"}, {@code "W"}, {@code "B"}, {@code "S"}, {@code "ENTER"}, {@code "ESCAPE"}, {@code "?"},
     * {@code "F1"} (see {@link Shortcut#ALL}). Returns whether it was a shortcut.
     */
    public boolean key(String key, boolean shift) {
        return ChatKeys.handle(this, key, shift);
    }

    /** The prompt the next reply of the current turn would get, shown in the inspector. */
    public void inspectNextPrompt() {
        Turn turn = currentTurn.get();
        if (turn != null) {
            inspector.showNext(turn);
        }
    }

    private Optional<CandidateItem> stored(int number) {
        if (number < 1 || number > candidates.size() || candidates.get(number - 1).isStreaming()) {
            status.set(candidates.isEmpty() ? "There are no replies yet." : "There is no reply " + number + ".");
            return Optional.empty();
        }
        return Optional.of(candidates.get(number - 1));
    }

    private void enter(Turn turn, Long chosenReplyId) {
        cursor.enter(turn, chosenReplyId);
        currentTurn.set(turn);
    }

    private void clearTurn() {
        path.clear();
        candidates.clear();
        cursor.clear();
        currentTurn.set(null);
        labeling.clear();
        inspector.clear();
    }

    LabelingModel labeling() {
        return labeling;
    }

    String characterId() {
        return character.get() == null ? null : character.get().id();
    }

    /**
     * Says in the model status where replies come from when that is not the local engine: {@code remote} gives
     * e.g. "backend gpu · index-served", or empty while the local engine is chosen (the status then names the
     * loaded model as before). It is asked on the UI thread, so it must not read the database.
     */
    public void showReplySource(Supplier<String> remote) {
        replySource = remote;
        refreshModelStatus();
    }

    private void refreshModelStatus() {
        ChatService service = chat.get();
        String remote = replySource == null ? "" : replySource.get();
        modelStatus.set(service.modelAvailable() ? (!remote.isEmpty() ? "Replies from " + remote
                        : "Model: " + service.ports().generator().modelName())
                : "No model loaded · write replies by hand (W)"
                + (service.ports().tokenCounter().estimated() ? " · token counts estimated" : ""));
    }

    private void requestMessageFocus() {
        focusMessageRequests.set(focusMessageRequests.get() + 1);
    }

    /** Runs {@code read} on the in-order executor, then {@code show} on the UI thread; a failure goes to the status. */
    private <T> void inBackground(Supplier<T> read, java.util.function.Consumer<T> show) {
        work.submit(read, result -> attempt(() -> show.accept(result)), status);
    }

    private void attempt(Runnable action) {
        try {
            action.run();
        } catch (StudioException e) {
            status.set(e.getMessage());
        }
    }
}
