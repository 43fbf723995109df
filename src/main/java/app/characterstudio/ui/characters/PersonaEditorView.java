package app.characterstudio.ui.characters;

import app.characterstudio.persona.ExportFormat;
import app.characterstudio.persona.PersonaForm;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;

/**
 * The persona editor: every field in sections, inline validation, unsaved marker, save button,
 * avatar and export; edits are saved by themselves a moment after typing stops.
 */
final class PersonaEditorView {
    static final Duration AUTOSAVE_DELAY = Duration.millis(1200);

    private final PersonaEditorViewModel model;
    private final BorderPane root = new BorderPane();
    private final PauseTransition autosave = new PauseTransition(AUTOSAVE_DELAY);
    private final ImageView avatar = new ImageView();
    private Consumer<ExportFormat> exporter = format -> { };

    PersonaEditorView(PersonaEditorViewModel model) {
        this.model = model;
        root.getStyleClass().add("persona-editor");
        root.setTop(header());
        VBox sections = new VBox(18,
                section("Identity", PersonaField.NAME, PersonaField.GENDER, PersonaField.AGE, PersonaField.HEIGHT,
                        PersonaField.OCCUPATION, PersonaField.SELF_REFERENCE, PersonaField.NICKNAMES, PersonaField.ALIASES),
                section("Character", PersonaField.PERSONALITY, PersonaField.BIOGRAPHY, PersonaField.SPEAKING_STYLE,
                        PersonaField.CATCHPHRASES, PersonaField.LIKES, PersonaField.DISLIKES),
                section("History and people", PersonaField.EDUCATION, PersonaField.WORK_HISTORY, PersonaField.RELATIONSHIPS),
                section("Dialogue and more", PersonaField.EXAMPLE_LINES, PersonaField.EXTRA_FIELDS, PersonaField.TAGS,
                        PersonaField.CREATOR_NOTES),
                personaBlockSection(),
                cardSection());
        sections.setPadding(new Insets(8, 20, 24, 20));
        ScrollPane scroll = new ScrollPane(sections);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("editor-scroll");
        root.setCenter(scroll);
        root.disableProperty().bind(model.editableProperty().not());
        autosave.setOnFinished(event -> model.saveIfDirty());
        model.dirtyProperty().addListener((obs, was, now) -> {
            if (now) {
                autosave.playFromStart();
            }
        });
        for (PersonaField field : PersonaField.values()) {
            model.field(field).addListener((obs, old, now) -> restartAutosaveIfDirty());
        }
        model.savedProperty().addListener((obs, old, now) -> showAvatar());
    }

    private void restartAutosaveIfDirty() {
        if (model.dirtyProperty().get()) {
            autosave.playFromStart();
        }
    }

    Node node() {
        return root;
    }

    void onExport(Consumer<ExportFormat> exporter) {
        this.exporter = exporter;
    }

    /** Stops a pending autosave (the caller saves or discards itself). */
    void stopAutosave() {
        autosave.stop();
    }

    private Node header() {
        Label title = new Label();
        title.getStyleClass().add("view-title");
        title.textProperty().bind(Bindings.createStringBinding(() -> model.field(PersonaField.NAME).get().isBlank()
                ? (model.editableProperty().get() ? "Unnamed character" : "No character selected")
                : model.field(PersonaField.NAME).get(), model.field(PersonaField.NAME), model.editableProperty()));
        Label unsaved = new Label("● Unsaved changes");
        unsaved.setId("unsaved-marker");
        unsaved.getStyleClass().add("unsaved-marker");
        unsaved.visibleProperty().bind(model.dirtyProperty());
        unsaved.managedProperty().bind(unsaved.visibleProperty());
        Label status = new Label();
        status.setId("editor-status");
        status.getStyleClass().add("muted");
        status.textProperty().bind(model.statusProperty());
        Button save = new Button("Save");
        save.setId("save-persona");
        save.getStyleClass().add("accent");
        save.disableProperty().bind(model.dirtyProperty().not());
        save.setOnAction(event -> model.save());
        MenuButton export = new MenuButton("Export");
        export.setId("export-persona");
        for (ExportFormat format : ExportFormat.values()) {
            MenuItem item = new MenuItem(switch (format) {
                case CARD_V2 -> "Character card V2 (.json)";
                case CARD_V3 -> "Character card V3 (.json)";
                case PNG -> "PNG card (.png)";
                case JSON -> "Studio persona.json";
            });
            item.setOnAction(event -> exporter.accept(format));
            export.getItems().add(item);
        }
        Button chooseAvatar = new Button("Avatar…");
        chooseAvatar.setOnAction(event -> chooseAvatar());
        avatar.setFitWidth(44);
        avatar.setFitHeight(44);
        avatar.setPreserveRatio(true);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        VBox titles = new VBox(2, title, new HBox(10, unsaved, status));
        HBox header = new HBox(12, avatar, titles, spacer, chooseAvatar, export, save);
        java.util.stream.Stream.of(chooseAvatar, export, save).forEach(b -> b.setMinWidth(Region.USE_PREF_SIZE));
        avatar.managedProperty().bind(avatar.imageProperty().isNotNull());
        HBox.setHgrow(titles, Priority.SOMETIMES);
        titles.setMinWidth(0);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("editor-header");
        header.setPadding(new Insets(14, 20, 10, 20));
        return header;
    }

    private Node section(String title, PersonaField... fields) {
        Label heading = new Label(title);
        heading.getStyleClass().add("section-title");
        GridPane grid = grid();
        for (PersonaField field : fields) {
            addField(grid, field);
        }
        VBox box = new VBox(10, heading, grid);
        box.getStyleClass().add("editor-section");
        return box;
    }

    /**
     * Free text or fields: a choice that shows which one the prompt uses, the persona text, and the
     * retrieval length rule.
     */
    private Node personaBlockSection() {
        Label heading = new Label("Persona block");
        heading.getStyleClass().add("section-title");
        ToggleGroup group = new ToggleGroup();
        RadioButton fields = new RadioButton("Fields");
        fields.setId("form-fields");
        fields.setToggleGroup(group);
        fields.setUserData(PersonaForm.FIELDS);
        RadioButton text = new RadioButton("Free text");
        text.setId("form-text");
        text.setToggleGroup(group);
        text.setUserData(PersonaForm.TEXT);
        Runnable select = () -> group.selectToggle(model.formProperty().get() == PersonaForm.TEXT ? text : fields);
        select.run();
        model.formProperty().addListener((obs, old, now) -> {
            select.run();
            restartAutosaveIfDirty();
        });
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.formProperty().set((PersonaForm) now.getUserData());
            }
        });
        Label uses = new Label();
        uses.setId("form-description");
        uses.getStyleClass().add("field-hint");
        uses.setWrapText(true);
        uses.textProperty().bind(Bindings.createStringBinding(
                () -> PersonaEditorViewModel.formDescription(model.formProperty().get()), model.formProperty()));
        GridPane grid = grid();
        addRow(grid, "Prompt uses", new HBox(14, fields, text), uses);
        addField(grid, PersonaField.PERSONA_TEXT);
        addField(grid, PersonaField.MIN_MEAN_LINE_LENGTH);
        VBox box = new VBox(10, heading, grid);
        box.setId("persona-block-section");
        box.getStyleClass().add("editor-section");
        return box;
    }

    /** The card-only fields, folded away until opened: most characters never come from a card. */
    private Node cardSection() {
        GridPane grid = grid();
        addField(grid, PersonaField.SCENARIO);
        addField(grid, PersonaField.FIRST_MESSAGE);
        addRow(grid, "Alternate greetings", greetings());
        for (PersonaField field : List.of(PersonaField.SYSTEM_PROMPT, PersonaField.POST_HISTORY_INSTRUCTIONS,
                PersonaField.CREATOR, PersonaField.CHARACTER_VERSION)) {
            addField(grid, field);
        }
        Label about = new Label("Written to character card exports (V2, V3, PNG); the prompt preview does not use them."
                + " The card's example messages are the Example lines above.");
        about.getStyleClass().add("field-hint");
        about.setWrapText(true);
        Label kept = new Label();
        kept.setId("kept-card-keys");
        kept.getStyleClass().add("field-hint");
        kept.setWrapText(true);
        kept.textProperty().bind(model.keptCardKeysProperty());
        kept.visibleProperty().bind(Bindings.isNotEmpty(model.keptCardKeysProperty()));
        kept.managedProperty().bind(kept.visibleProperty());
        TitledPane pane = new TitledPane("Character card", new VBox(10, about, grid, kept));
        pane.setId("card-section");
        pane.getStyleClass().addAll("editor-section", "card-section");
        pane.setExpanded(false);
        pane.setAnimated(false);
        return pane;
    }

    /** One text area per greeting, each with its remove button, and a button adding one more. */
    private Node greetings() {
        VBox entries = new VBox(6);
        Button add = new Button("Add greeting");
        add.setId("add-greeting");
        Runnable show = () -> {
            entries.getChildren().forEach(row -> {
                TextArea old = (TextArea) ((HBox) row).getChildren().get(0);
                old.textProperty().unbindBidirectional((StringProperty) old.getUserData());
            });
            entries.getChildren().clear();
            List<StringProperty> greetings = model.alternateGreetings();
            for (int i = 0; i < greetings.size(); i++) {
                StringProperty greeting = greetings.get(i);
                TextArea text = new TextArea();
                text.setUserData(greeting);
                text.setId("greeting-" + (i + 1));
                text.setPromptText("Greeting " + (i + 1));
                text.setWrapText(true);
                text.setPrefRowCount(3);
                text.textProperty().bindBidirectional(greeting);
                text.textProperty().addListener((obs, old, now) -> restartAutosaveIfDirty());
                Button remove = new Button("Remove");
                remove.setId("remove-greeting-" + (i + 1));
                remove.setMinWidth(Region.USE_PREF_SIZE);
                remove.setOnAction(event -> model.removeGreeting(greeting));
                HBox.setHgrow(text, Priority.ALWAYS);
                entries.getChildren().add(new HBox(6, text, remove));
            }
        };
        model.alternateGreetings().addListener((javafx.collections.ListChangeListener<Object>) change -> {
            show.run();
            restartAutosaveIfDirty();
        });
        show.run();
        add.setOnAction(event -> {
            model.addGreeting();
            ((HBox) entries.getChildren().get(entries.getChildren().size() - 1)).getChildren().get(0).requestFocus();
        });
        Label hint = new Label("One box per greeting; a greeting may span several lines");
        hint.getStyleClass().add("field-hint");
        return new VBox(6, entries, add, hint);
    }

    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(8);
        ColumnConstraints labels = new ColumnConstraints(112);
        ColumnConstraints inputs = new ColumnConstraints();
        inputs.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, inputs);
        return grid;
    }

    private static void addRow(GridPane grid, String labelText, Node... cell) {
        Label label = new Label(labelText);
        label.getStyleClass().add("field-label");
        label.setWrapText(true);
        GridPane.setValignment(label, javafx.geometry.VPos.TOP);
        int row = grid.getRowCount();
        grid.add(label, 0, row);
        grid.add(new VBox(3, cell), 1, row);
    }

    private void addField(GridPane grid, PersonaField field) {
        List<Node> cell = new ArrayList<>();
        TextInputControl input = input(field);
        cell.add(input);
        hint(field).ifPresent(text -> {
            Label hint = new Label(text);
            hint.getStyleClass().add("field-hint");
            hint.setWrapText(true);
            cell.add(hint);
        });
        if (field == PersonaField.NAME) {
            cell.add(errorLabel("name-error", model.nameErrorProperty(), input));
        } else if (field == PersonaField.EXTRA_FIELDS) {
            cell.add(errorLabel("lines-error", model.linesErrorProperty(), input));
        } else if (field == PersonaField.MIN_MEAN_LINE_LENGTH) {
            cell.add(errorLabel("retrieval-error", model.retrievalErrorProperty(), input));
        }
        addRow(grid, field.label(), cell.toArray(Node[]::new));
    }

    private TextInputControl input(PersonaField field) {
        TextInputControl input;
        if (field.multiline()) {
            TextArea area = new TextArea();
            area.setWrapText(true);
            area.setPrefRowCount(field == PersonaField.PERSONA_TEXT ? 6
                    : field == PersonaField.BIOGRAPHY || field == PersonaField.EXAMPLE_LINES ? 5 : 3);
            input = area;
        } else {
            input = new TextField();
        }
        input.setId("field-" + field.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        input.textProperty().bindBidirectional(model.field(field));
        return input;
    }

    private static java.util.Optional<String> hint(PersonaField field) {
        return java.util.Optional.ofNullable(switch (field) {
            case RELATIONSHIPS -> "One per line — name：relation";
            case EXTRA_FIELDS -> "One per line — key：value";
            case NICKNAMES, ALIASES, CATCHPHRASES, EXAMPLE_LINES -> "One per line";
            case TAGS -> "Separated by commas";
            case PERSONA_TEXT -> "Written after 以下是<name>的人设： exactly as typed, as the model's own role_info";
            case MIN_MEAN_LINE_LENGTH -> "Characters; a retrieved dialogue whose lines of this character are shorter "
                    + "on average is skipped. Blank: the reference pipeline's "
                    + app.characterstudio.script.SimilarDialogues.DEFAULT_MIN_MEAN_LENGTH + "; 0: no limit";
            default -> null;
        });
    }

    private static Label errorLabel(String id, javafx.beans.value.ObservableStringValue error, TextInputControl input) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add("error-text");
        label.textProperty().bind(error);
        label.visibleProperty().bind(Bindings.isNotEmpty(error));
        label.managedProperty().bind(label.visibleProperty());
        error.addListener((obs, old, now) -> {
            input.getStyleClass().remove("invalid");
            if (!now.isEmpty()) {
                input.getStyleClass().add("invalid");
            }
        });
        return label;
    }

    private void chooseAvatar() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose an avatar image");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg", "*.jpeg", "*.gif",
                "*.webp", "*.bmp"));
        File file = chooser.showOpenDialog(root.getScene().getWindow());
        if (file != null) {
            model.setAvatar(file.toPath());
        }
    }

    private void showAvatar() {
        avatar.setImage(model.avatarFile().map(Path::toUri).map(uri -> new Image(uri.toString(), 88, 88, true, true, true))
                .orElse(null));
    }
}
