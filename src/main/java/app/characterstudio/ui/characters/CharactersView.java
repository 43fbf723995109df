package app.characterstudio.ui.characters;

import app.characterstudio.persona.ExportFormat;
import app.characterstudio.persona.Persona;
import app.characterstudio.ui.kit.StudioView;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import java.io.File;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** The characters screen: list with search and commands, the persona editor, the live prompt preview. */
public final class CharactersView implements StudioView {
    private static final KeyCombination SAVE = KeyCombination.keyCombination("Shortcut+S");

    private final CharactersViewModel model;
    private final PersonaEditorView editor;
    private final ListView<Persona> list = new ListView<>();
    private final SplitPane root = new SplitPane();
    private boolean syncing;

    public CharactersView(Studio studio, TaskExecutor executor) {
        this(new CharactersViewModel(studio.personas(), studio.characterImport(), executor));
    }

    public CharactersView(CharactersViewModel model) {
        this.model = model;
        this.editor = new PersonaEditorView(model.editor());
        editor.onExport(this::export);
        root.getStyleClass().add("characters-view");
        root.getStylesheets().add(Objects.requireNonNull(getClass().getResource("/assets/css/characters.css")).toExternalForm());
        root.getItems().addAll(listPane(), new javafx.scene.layout.StackPane(editor.node(), new ImportReviewPane(model)),
                previewPane());
        root.setDividerPositions(0.24, 0.72);
        SplitPane.setResizableWithParent(root.getItems().get(0), false);
        root.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (SAVE.match(event)) {
                model.editor().save();
                event.consume();
            }
        });
    }

    public CharactersViewModel model() {
        return model;
    }

    /** Where the model integration plugs in a tokenizer: the preview then shows a token count. */
    public javafx.beans.property.ObjectProperty<java.util.function.ToIntFunction<String>> tokenCounterProperty() {
        return model.editor().tokenCounterProperty();
    }

    @Override
    public String title() {
        return "Characters";
    }

    @Override
    public Node node() {
        return root;
    }

    /** Saves valid edits; invalid ones are kept unless the user chooses to discard them. */
    @Override
    public boolean confirmLeave() {
        editor.stopAutosave();
        if (model.editor().saveIfDirty()) {
            return true;
        }
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, model.editor().statusProperty().get()
                + "\n\nDiscard the unsaved changes to this character?",
                new ButtonType("Discard changes", ButtonBar.ButtonData.OK_DONE),
                new ButtonType("Keep editing", ButtonBar.ButtonData.CANCEL_CLOSE));
        alert.setHeaderText("This character has unsaved changes that cannot be saved yet");
        boolean discard = alert.showAndWait().map(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE).orElse(false);
        if (discard) {
            model.editor().discard();
        }
        return discard;
    }

    @Override
    public void close() {
        editor.stopAutosave();
        model.editor().saveIfDirty();
    }

    private Node listPane() {
        Label title = new Label("Characters");
        title.getStyleClass().add("view-title");
        TextField search = new TextField();
        search.setId("character-search");
        search.setPromptText("Search name, tag, alias…");
        search.textProperty().bindBidirectional(model.searchProperty());
        TextField newName = new TextField();
        newName.setId("new-character-name");
        newName.setPromptText("New character's name");
        Button create = new Button("Create");
        create.setId("create-character");
        create.disableProperty().bind(Bindings.createBooleanBinding(() -> newName.getText().isBlank(), newName.textProperty()));
        Runnable createAction = () -> {
            if (model.create(newName.getText())) {
                newName.clear();
            }
        };
        create.setOnAction(event -> createAction.run());
        newName.setOnAction(event -> createAction.run());
        HBox.setHgrow(newName, Priority.ALWAYS);
        HBox createRow = new HBox(6, newName, create);

        list.setId("character-list");
        list.setItems(model.visiblePersonas());
        list.setCellFactory(view -> new PersonaCell());
        Label empty = new Label();
        empty.setId("character-list-empty");
        empty.textProperty().bind(model.emptyListText());
        list.setPlaceholder(empty);
        VBox.setVgrow(list, Priority.ALWAYS);
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (!syncing && now != null && !model.select(now)) {
                Platform.runLater(this::showSelection);
            }
        });
        model.selectedProperty().addListener((obs, old, now) -> showSelection());
        list.setOnDragOver(event -> {
            if (event.getDragboard().hasFiles()) {
                event.acceptTransferModes(TransferMode.COPY);
            }
            event.consume();
        });
        list.setOnDragDropped(event -> {
            boolean files = event.getDragboard().hasFiles();
            if (files) {
                model.importFiles(event.getDragboard().getFiles().stream().map(File::toPath).toList());
            }
            event.setDropCompleted(files);
            event.consume();
        });

        Button importButton = new Button("Import…");
        importButton.setId("import-characters");
        importButton.setOnAction(event -> chooseImport());
        importButton.disableProperty().bind(model.importingProperty());
        Button duplicate = new Button("Duplicate");
        duplicate.setId("duplicate-character");
        duplicate.setOnAction(event -> model.duplicate());
        Button delete = new Button("Delete");
        delete.setId("delete-character");
        delete.setOnAction(event -> model.delete());
        duplicate.disableProperty().bind(model.selectedProperty().isNull());
        delete.disableProperty().bind(model.selectedProperty().isNull());
        HBox commands = new HBox(6, importButton, duplicate, delete);
        Stream.of(create, importButton, duplicate, delete).forEach(b -> b.setMinWidth(Region.USE_PREF_SIZE));

        ProgressBar progressBar = new ProgressBar();
        progressBar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progressBar, Priority.ALWAYS);
        Button cancel = new Button("Cancel");
        cancel.setOnAction(event -> model.cancelImport());
        HBox progress = new HBox(6, progressBar, cancel);
        progress.setAlignment(Pos.CENTER_LEFT);
        progress.visibleProperty().bind(model.importingProperty());
        progress.managedProperty().bind(progress.visibleProperty());

        Label message = new Label();
        message.setId("characters-message");
        message.setWrapText(true);
        message.getStyleClass().add("muted");
        message.textProperty().bind(model.messageProperty());
        Button undo = new Button("Undo delete");
        undo.setId("undo-delete");
        undo.setOnAction(event -> model.undoDelete());
        undo.visibleProperty().bind(model.lastDeletedProperty().isNotNull());
        undo.managedProperty().bind(undo.visibleProperty());
        Label problems = new Label();
        problems.setId("characters-problems");
        problems.setWrapText(true);
        problems.getStyleClass().add("error-text");
        problems.textProperty().bind(Bindings.createStringBinding(() -> String.join("\n", model.problems()), model.problems()));
        problems.visibleProperty().bind(Bindings.isNotEmpty(model.problems()));
        problems.managedProperty().bind(problems.visibleProperty());

        VBox pane = new VBox(10, title, search, list, createRow, commands, progress, message, undo, problems);
        pane.getStyleClass().add("character-list-pane");
        pane.setPadding(new Insets(16, 12, 12, 14));
        pane.setMinWidth(270);
        showSelection();
        return pane;
    }

    private Node previewPane() {
        Label title = new Label("Prompt preview");
        title.getStyleClass().add("section-title");
        Label length = new Label();
        length.setId("preview-length");
        length.getStyleClass().add("muted");
        length.textProperty().bind(model.editor().lengthProperty());
        TextArea preview = new TextArea();
        preview.setId("persona-preview");
        preview.setEditable(false);
        preview.setWrapText(true);
        preview.getStyleClass().add("persona-preview");
        preview.textProperty().bind(model.editor().previewProperty());
        VBox.setVgrow(preview, Priority.ALWAYS);
        HBox heading = new HBox(10, title, length);
        heading.setAlignment(Pos.BASELINE_LEFT);
        VBox pane = new VBox(8, heading, preview);
        pane.getStyleClass().add("preview-pane");
        pane.setPadding(new Insets(16, 14, 14, 14));
        pane.setMinWidth(240);
        return new BorderPane(pane);
    }

    private void showSelection() {
        syncing = true;
        try {
            Persona selected = model.selectedProperty().get();
            if (selected == null) {
                list.getSelectionModel().clearSelection();
            } else {
                list.getSelectionModel().select(selected);
                list.scrollTo(selected);
            }
        } finally {
            syncing = false;
        }
    }

    private void chooseImport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import characters");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Cards, profiles, persona sheets and model character files", "*.json",
                        "*.png"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        List<File> files = chooser.showOpenMultipleDialog(root.getScene().getWindow());
        if (files != null && !files.isEmpty()) {
            model.importFiles(files.stream().map(File::toPath).toList());
        }
    }

    private void export(ExportFormat format) {
        Persona selected = model.selectedProperty().get();
        if (selected == null) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export " + selected.name());
        chooser.setInitialFileName(selected.id() + (format == ExportFormat.JSON ? ".persona" : "")
                + (format == ExportFormat.CARD_V3 ? ".v3" : "") + "." + format.extension());
        File file = chooser.showSaveDialog(root.getScene().getWindow());
        if (file != null) {
            model.export(format, file.toPath());
        }
    }

    /** A list row: the name, and the tags in small text under it. */
    private static final class PersonaCell extends ListCell<Persona> {
        @Override
        protected void updateItem(Persona persona, boolean empty) {
            super.updateItem(persona, empty);
            if (empty || persona == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            Label name = new Label(persona.name().isBlank() ? persona.id() : persona.name());
            name.getStyleClass().add("character-name");
            String detail = persona.tags().isEmpty() ? persona.id() : String.join(" · ", persona.tags());
            Label tags = new Label(detail);
            tags.getStyleClass().add("character-detail");
            setText(null);
            setGraphic(new VBox(1, name, tags));
        }
    }
}
