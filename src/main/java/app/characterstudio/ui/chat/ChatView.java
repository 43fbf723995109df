package app.characterstudio.ui.chat;

import app.characterstudio.StudioException;
import app.characterstudio.persona.Persona;
import app.characterstudio.store.Session;
import app.characterstudio.ui.kit.ReplySourceChoice;
import app.characterstudio.ui.kit.StudioView;
import app.characterstudio.ui.kit.TaskExecutor;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The chat screen: pick a character, chat, see candidates side by side, label them from the keyboard,
 * navigate the conversation tree and inspect each prompt. Works without a model (hand-written replies).
 */
public final class ChatView implements StudioView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final ChatServices services;
    private final TaskExecutor executor;
    private final StackPane root = new StackPane();
    private ChatViewModel model;
    private ReplySourceChoice replySources;
    private GuidelinesModel guidelines;
    /** A shortcut moved focus into a text box: its typed character must not land there. */
    private boolean swallowTyped;

    public ChatView(ChatServices services, TaskExecutor executor) {
        this.services = services;
        this.executor = executor;
        root.setId("chat-view");
        root.getStylesheets().add(Objects.requireNonNull(ChatView.class.getResource("/assets/css/chat.css"),
                "chat.css missing from the build").toExternalForm());
    }

    @Override
    public String title() {
        return "Chat";
    }

    /** Built when first shown, so the database opens only when the chat is used. */
    @Override
    public Node node() {
        if (model == null) {
            try {
                model = new ChatViewModel(services.chat(), services.labels().get(), services.personas(), executor,
                        System::currentTimeMillis);
                model.useRewardScores(services.rewardScoring());
                guidelines = new GuidelinesModel(services.guidelines(), executor);
                root.getChildren().setAll(build(), new HelpOverlay(model));
                model.loadCharacters();
                guidelines.load();
            } catch (StudioException e) {
                javafx.scene.control.Label error = new javafx.scene.control.Label(e.getMessage());
                error.getStyleClass().add("error-text");
                error.setWrapText(true);
                root.getChildren().setAll(error);
            }
        }
        return root;
    }

    /** The guidelines beside the replies, once the view was shown (for tests). */
    public GuidelinesModel guidelines() {
        return guidelines;
    }

    /** The view model, once the view was shown (for tests). */
    public ChatViewModel model() {
        return model;
    }

    @Override
    public void close() {
        if (model != null) {
            model.cancelGeneration();
        }
    }

    private Node build() {
        BorderPane layout = new BorderPane();
        layout.setTop(new VBox(toolbar(), labelerBar()));
        ConversationTree tree = new ConversationTree(model);
        javafx.scene.control.Tab prompt = new javafx.scene.control.Tab("Prompt", new PromptInspectorPane(model));
        javafx.scene.control.Tab template = new javafx.scene.control.Tab("Template", new TemplateEditorPane(model.template()));
        template.setId("template-tab");
        javafx.scene.control.Tab rules = new javafx.scene.control.Tab("Guidelines", guidelinesPane());
        rules.setId("guidelines-tab");
        javafx.scene.control.TabPane side = new javafx.scene.control.TabPane(rules, prompt, template);
        side.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        side.setFocusTraversable(false);
        SplitPane split = new SplitPane(tree.view(), centre(), side);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.17, 0.70);
        layout.setCenter(split);
        javafx.scene.control.Label status = new javafx.scene.control.Label();
        status.setId("chat-status");
        status.textProperty().bind(model.statusProperty());
        status.setPadding(new Insets(4, 12, 4, 12));
        status.setWrapText(true);
        layout.setBottom(status);
        layout.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        layout.addEventFilter(KeyEvent.KEY_TYPED, event -> {
            if (swallowTyped) {
                swallowTyped = false;
                event.consume();
                return;
            }
            if ("?".equals(event.getCharacter()) && !inInput(event.getTarget())) {
                model.key("?", false);
                event.consume();
            }
        });
        return layout;
    }

    /** Asks once for the labeler's name, stored with every label; gone once it is given. */
    private Node labelerBar() {
        TextField name = new TextField();
        name.setId("chat-labeler-name");
        name.setPromptText("Your name");
        Button use = new Button("Label under this name");
        use.setId("chat-labeler-save");
        Runnable save = () -> model.setLabeler(name.getText(), name::clear);
        use.setOnAction(event -> save.run());
        name.setOnAction(event -> save.run());
        javafx.scene.control.Label ask = new javafx.scene.control.Label(
                "Who is labeling? The name is stored with each label, so several labelers' work can be merged and compared.");
        ask.setWrapText(true);
        HBox bar = new HBox(8, ask, name, use);
        bar.setId("chat-labeler-bar");
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 12, 4, 12));
        bar.getStyleClass().add("chat-labeler-bar");
        HBox.setHgrow(ask, Priority.ALWAYS);
        bar.visibleProperty().bind(model.labelerProperty().isEmpty());
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }

    private Node guidelinesPane() {
        TextArea text = new TextArea();
        text.setId("chat-guidelines");
        text.setWrapText(true);
        text.textProperty().bindBidirectional(guidelines.textProperty());
        VBox.setVgrow(text, Priority.ALWAYS);
        Button save = new Button("Save guidelines");
        save.setId("chat-guidelines-save");
        save.disableProperty().bind(guidelines.changedProperty().not());
        save.setOnAction(event -> guidelines.save());
        javafx.scene.control.Label status = new javafx.scene.control.Label();
        status.setId("chat-guidelines-status");
        status.getStyleClass().add("muted");
        status.setWrapText(true);
        status.textProperty().bind(guidelines.statusProperty());
        VBox pane = new VBox(4, text, new HBox(6, save), status);
        pane.setPadding(new Insets(6));
        return pane;
    }

    private Node toolbar() {
        ComboBox<Persona> characters = new ComboBox<>(model.characters());
        characters.setId("chat-character");
        characters.setPromptText("Character");
        characters.setConverter(converter(p -> p.name().isBlank() ? p.id() : p.name() + " (" + p.id() + ")"));
        characters.valueProperty().addListener((obs, old, now) -> {
            if (now != null && now != model.characterProperty().get()) {
                model.selectCharacter(now);
            }
        });
        model.characterProperty().addListener((obs, old, now) -> characters.setValue(now));
        ComboBox<Session> sessions = new ComboBox<>(model.sessions());
        sessions.setId("chat-session");
        sessions.setPromptText("Session");
        sessions.setConverter(converter(s -> "Session " + s.id() + " · " + TIME.format(Instant.ofEpochMilli(s.createdAt()))));
        sessions.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(Session item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? "Session" : sessions.getConverter().toString(item));
            }
        });
        model.sessionProperty().addListener((obs, old, now) -> sessions.setValue(now));
        sessions.setOnAction(event -> {
            Session picked = sessions.getValue();
            if (picked != null && picked != model.sessionProperty().get()) {
                model.openSession(picked);
            }
        });
        Button newSession = new Button("New session");
        newSession.setId("chat-new-session");
        newSession.setOnAction(event -> model.newSession());
        javafx.scene.control.Label modelStatus = new javafx.scene.control.Label();
        modelStatus.setId("chat-model-status");
        modelStatus.textProperty().bind(model.modelStatusProperty());
        modelStatus.getStyleClass().add("muted");
        javafx.scene.control.Label progress = new javafx.scene.control.Label();
        progress.setId("chat-progress");
        progress.getStyleClass().add("chat-progress");
        progress.textProperty().bind(model.progressProperty());
        javafx.scene.control.ProgressBar progressBar = new javafx.scene.control.ProgressBar();
        progressBar.setId("chat-progress-bar");
        progressBar.setPrefWidth(120);
        progressBar.progressProperty().bind(model.progressFractionProperty());
        progressBar.visibleProperty().bind(model.characterProperty().isNotNull());
        progressBar.setFocusTraversable(false);
        Button next = new Button("Next unlabeled (N)");
        next.setId("chat-next-unlabeled");
        next.setFocusTraversable(false);
        next.setOnAction(event -> model.nextUnlabeled());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button help = new Button("?");
        help.setId("chat-help-button");
        help.setFocusTraversable(false);
        help.setOnAction(event -> model.helpVisibleProperty().set(true));
        HBox bar = new HBox(characters, sessions, newSession, replySourceChoice(), modelStatus, spacer, next, progress,
                progressBar, help);
        bar.getStyleClass().add("chat-toolbar");
        return bar;
    }

    /** "Replies from": the local engine or one of the workspace's backends, kept for the Chat room. */
    private Node replySourceChoice() {
        replySources = new ReplySourceChoice("chat-reply-source", "Where this room's replies come from: the loaded "
                + "model, or an inference server added in the Model room's Backends panel", services.replies(),
                services.backends(), executor, model.statusProperty()::set,
                description -> model.showReplySource(services.replies().get()::describeRemote));
        if (services.choosesReplySource()) {
            model.showReplySource(services.replies().get()::describeRemote);
            replySources.reload();
        }
        return replySources.node();
    }

    /** Reads the backends and the room's kept choice again (in the background): after one was added or removed. */
    public void backendsChanged() {
        if (model != null && replySources != null && services.choosesReplySource()) {
            replySources.reload();
        }
    }

    private Node centre() {
        VBox lines = new VBox(6);
        lines.setPadding(new Insets(8));
        model.path().addListener((ListChangeListener<PathEntry>) change -> {
            lines.getChildren().clear();
            for (PathEntry entry : model.path()) {
                javafx.scene.control.Label line = new javafx.scene.control.Label(entry.speaker() + "：" + entry.text());
                line.getStyleClass().addAll("chat-line", entry.fromUser() ? "user" : "reply");
                line.setMaxWidth(Double.MAX_VALUE);
                lines.getChildren().add(line);
            }
        });
        ScrollPane history = new ScrollPane(lines);
        history.setFitToWidth(true);
        history.setId("chat-history");
        history.setFocusTraversable(false);
        lines.heightProperty().addListener((obs, old, now) -> history.setVvalue(1.0));

        HBox cards = new HBox(8);
        cards.setPadding(new Insets(8));
        javafx.scene.control.Label noReplies = new javafx.scene.control.Label(
                "No replies yet. Write one by hand (W), or regenerate (R) when a model is loaded.");
        noReplies.getStyleClass().add("muted");
        // the cards in display order: as numbered, or best reward first (numbers, and so keys, stay with replies)
        ObservableList<CandidateItem> scored = FXCollections.observableArrayList(
                item -> new javafx.beans.Observable[] {item.rewardValueProperty()});
        Bindings.bindContent(scored, model.candidates());
        SortedList<CandidateItem> shown = new SortedList<>(scored);
        shown.comparatorProperty().bind(Bindings.when(model.sortByRewardProperty())
                .<java.util.Comparator<? super CandidateItem>>then(CandidateItem.BEST_REWARD_FIRST)
                .otherwise(java.util.Comparator.comparingInt(CandidateItem::number)));
        Runnable showCards = () -> {
            cards.getChildren().clear();
            shown.forEach(item -> cards.getChildren().add(new CandidateCard(item, model)));
            if (model.candidates().isEmpty() && model.currentTurnProperty().get() != null) {
                cards.getChildren().add(noReplies);
            }
        };
        shown.addListener((ListChangeListener<CandidateItem>) change -> showCards.run());
        model.currentTurnProperty().addListener((obs, old, now) -> showCards.run());
        ScrollPane candidates = new ScrollPane(cards);
        candidates.setId("chat-candidates");
        candidates.getStyleClass().add("candidates-pane");
        // the cards take their text's full height (a long reply is read by scrolling, never cut short)
        candidates.setFitToHeight(false);
        candidates.setFitToWidth(true);
        candidates.setPrefHeight(230);
        candidates.setMinHeight(150);
        model.stateProperty().addListener((obs, old, now) -> {
            if (now == ChatViewModel.State.LABELING) {
                candidates.requestFocus();
            }
        });
        ComparePane compare = new ComparePane(model);
        compare.visibleProperty().bind(model.compareVisibleProperty());
        candidates.visibleProperty().bind(model.compareVisibleProperty().not());
        javafx.scene.control.ToggleButton compareToggle = new javafx.scene.control.ToggleButton("Compare two replies (C)");
        compareToggle.setId("chat-compare-toggle");
        compareToggle.getStyleClass().add("small");
        compareToggle.setFocusTraversable(false);
        compareToggle.selectedProperty().bindBidirectional(model.compareVisibleProperty());
        model.compareVisibleProperty().addListener((obs, was, is) -> (is ? compare : candidates).requestFocus());
        javafx.scene.control.ToggleButton sortToggle = new javafx.scene.control.ToggleButton("Best reward first");
        sortToggle.setId("chat-sort-reward");
        sortToggle.getStyleClass().add("small");
        sortToggle.setFocusTraversable(false);
        sortToggle.setTooltip(new javafx.scene.control.Tooltip("Order the cards by the reward model's score "
                + "(Model room, Reward model); each reply keeps its number, the key that labels it"));
        sortToggle.selectedProperty().bindBidirectional(model.sortByRewardProperty());
        HBox replyBar = new HBox(6, compareToggle, sortToggle);
        VBox replies = new VBox(2, replyBar, new StackPane(candidates, compare));
        VBox.setVgrow(replies.getChildren().get(1), Priority.ALWAYS);
        SplitPane vertical = new SplitPane(history, replies);
        vertical.setOrientation(Orientation.VERTICAL);
        vertical.setDividerPositions(0.45);
        VBox.setVgrow(vertical, Priority.ALWAYS);
        VBox centre = new VBox(4, vertical, new LabelBar(model), composer(), inputRow());
        centre.setPadding(new Insets(0, 8, 8, 8));
        return centre;
    }

    private Node composer() {
        TextArea text = new TextArea();
        text.setId("chat-composer");
        text.setWrapText(true);
        text.setPrefRowCount(3);
        text.textProperty().bindBidirectional(model.composerTextProperty());
        text.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ENTER && event.isShortcutDown()) {
                model.saveComposer();
                event.consume();
            }
        });
        Button save = new Button("Save reply");
        save.setId("chat-composer-save");
        save.setOnAction(event -> model.saveComposer());
        Button cancel = new Button("Cancel");
        cancel.setOnAction(event -> model.cancelComposer());
        VBox box = new VBox(4, text, new HBox(6, save, cancel));
        box.visibleProperty().bind(model.composerModeProperty().isNotEqualTo(ChatViewModel.ComposerMode.NONE));
        box.managedProperty().bind(box.visibleProperty());
        model.composerModeProperty().addListener((obs, old, now) -> {
            if (now != ChatViewModel.ComposerMode.NONE) {
                text.requestFocus();
                text.end();
            }
        });
        return box;
    }

    private Node inputRow() {
        TextField message = new TextField();
        message.setId("chat-message");
        message.setPromptText("Message (Enter sends)");
        message.textProperty().bindBidirectional(model.messageProperty());
        message.setOnAction(event -> model.send());
        message.disableProperty().bind(model.characterProperty().isNull());
        model.focusMessageRequests().addListener((obs, old, now) -> {
            message.requestFocus();
            message.end();
        });
        HBox.setHgrow(message, Priority.ALWAYS);
        Button send = new Button("Send");
        send.setId("chat-send");
        send.setDefaultButton(false);
        send.setOnAction(event -> model.send());
        Button write = new Button("Write reply (W)");
        write.setId("chat-write");
        write.setOnAction(event -> model.startWrite());
        Spinner<Integer> count = new Spinner<>(1, 8, model.candidateCountProperty().get());
        count.setId("chat-candidate-count");
        count.setEditable(true);
        count.getEditor().setTextFormatter(new TextFormatter<>(change ->
                change.getControlNewText().matches("\\d?") ? change : null));
        count.setPrefWidth(70);
        count.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.candidateCountProperty().set(now);
            }
        });
        HBox row = new HBox(6, message, send, write, new javafx.scene.control.Label("replies"), count);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return row;
    }

    /**
     * Whether a key aimed at {@code target} belongs to an input: a text box or editor, a spinner, a
     * combo box or choice box (or anything inside one). Only Esc and F1 act as shortcuts there.
     */
    static boolean inInput(Object target) {
        for (Node node = target instanceof Node n ? n : null; node != null; node = node.getParent()) {
            if (node instanceof TextInputControl || node instanceof Spinner<?> || node instanceof ComboBoxBase<?>
                    || node instanceof ChoiceBox<?>) {
                return true;
            }
        }
        return false;
    }

    private void onKey(KeyEvent event) {
        boolean inText = inInput(event.getTarget());
        if (inText && event.getCode() != KeyCode.ESCAPE && event.getCode() != KeyCode.F1) {
            return;
        }
        String key = keyName(event);
        swallowTyped = false;
        if (key != null && model.key(key, event.isShiftDown())) {
            event.consume();
            swallowTyped = !inText;
        }
    }

    private static String keyName(KeyEvent event) {
        KeyCode code = event.getCode();
        if (code.isDigitKey()) {
            String name = code.getName();
            return name.substring(name.length() - 1);
        }
        if (code == KeyCode.Z && event.isShortcutDown() && !event.isShiftDown()) {
            return "CTRL+Z";
        }
        if (code.isLetterKey() && !event.isShortcutDown()) {
            return code.getName().toUpperCase(java.util.Locale.ROOT);
        }
        return switch (code) {
            case ENTER -> "ENTER";
            case ESCAPE -> "ESCAPE";
            case F1 -> "F1";
            default -> null;
        };
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : text.apply(value);
            }

            @Override
            public T fromString(String string) {
                return null;
            }
        };
    }
}
