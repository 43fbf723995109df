package app.characterstudio.ui.script;

import app.characterstudio.persona.Persona;
import app.characterstudio.script.FileImport;
import app.characterstudio.script.ImportProgress;
import app.characterstudio.script.ScriptEncoding;
import app.characterstudio.script.ScriptFormat;
import app.characterstudio.store.ScriptLine;
import app.characterstudio.store.ScriptSource;
import app.characterstudio.script.SpeakerCount;
import app.characterstudio.ui.kit.TaskExecutor;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.FilteredList;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/** The import wizard: files, encoding/format/columns with preview, import with progress, speakers, sources. */
final class ScriptImportPane {
    private static final String AUTO = "auto";
    private final ScriptImportViewModel model;
    private final TaskExecutor executor;
    private final SplitPane root = new SplitPane();

    ScriptImportPane(ScriptImportViewModel model, TaskExecutor executor) {
        this.model = model;
        this.executor = executor;
        root.getItems().addAll(left(), right());
        root.setDividerPositions(0.66);
    }

    Node node() {
        return root;
    }

    private Node left() {
        Button choose = new Button("Choose files…");
        choose.setId("script-choose-files");
        choose.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Script files");
            chooser.getExtensionFilters().addAll(
                    new FileChooser.ExtensionFilter("Scripts", "*.txt", "*.csv", "*.tsv", "*.json", "*.jsonl", "*.srt"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            List<File> chosen = chooser.showOpenMultipleDialog(root.getScene().getWindow());
            if (chosen != null) {
                model.addFiles(chosen.stream().map(File::toPath).toList());
            }
        });
        Label drop = new Label("…or drop script files here (screenplay .txt, .csv/.tsv, .json/.jsonl, .srt)");
        drop.getStyleClass().add("drop-zone");
        drop.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(drop, Priority.ALWAYS);
        installDrop(drop);
        Button clear = new Button("Clear");
        clear.setOnAction(e -> model.clearFiles());
        HBox files = new HBox(8, choose, drop, clear);
        files.setAlignment(Pos.CENTER_LEFT);

        ComboBox<ScriptEncoding> encoding = new ComboBox<>();
        encoding.getItems().setAll(ScriptImportViewModel.ENCODINGS);
        encoding.setConverter(converter(ScriptEncoding::label));
        encoding.valueProperty().bindBidirectional(model.encodingProperty());
        encoding.setId("script-encoding");
        ComboBox<String> format = new ComboBox<>();
        format.getItems().add(AUTO);
        for (ScriptFormat f : ScriptFormat.values()) {
            format.getItems().add(f.label());
        }
        format.setValue(AUTO);
        format.valueProperty().addListener((o, a, b) -> model.formatProperty().set(
                b == null || b.equals(AUTO) ? null : ScriptFormat.parse(b)));
        ComboBox<String> speakerColumn = columnChoice(model.speakerColumnProperty());
        ComboBox<String> textColumn = columnChoice(model.textColumnProperty());
        Spinner<Integer> window = new Spinner<>(1, 50, model.windowProperty().get());
        window.setPrefWidth(80);
        window.valueProperty().addListener((o, a, b) -> model.windowProperty().set(b));
        // pairs of label and choice wrap as one, so a narrow window moves a pair down instead of eliding its label
        FlowPane options = new FlowPane(14, 6, labelled("Encoding", encoding), labelled("Format", format),
                labelled("Speaker column", speakerColumn), labelled("Text column", textColumn));
        javafx.scene.control.TextField sceneRegex = new javafx.scene.control.TextField();
        sceneRegex.setPromptText("blank lines and headings (第N场, INT./EXT., ## …)");
        sceneRegex.textProperty().bindBidirectional(model.sceneRegexProperty());
        sceneRegex.setOnAction(e -> model.refreshPreview());
        HBox.setHgrow(sceneRegex, Priority.ALWAYS);
        HBox scenes = new HBox(8, new Label("Scenes start at (regex)"), sceneRegex, new Label("Context lines"), window);
        scenes.setAlignment(Pos.CENTER_LEFT);
        for (Node control : List.of(encoding, format, speakerColumn, textColumn)) {
            ((ComboBox<?>) control).valueProperty().addListener((o, a, b) -> model.refreshPreview());
        }

        Label summary = new Label();
        summary.textProperty().bind(model.previewSummaryProperty());
        summary.getStyleClass().add("preview-summary");
        Label error = new Label();
        error.textProperty().bind(model.errorProperty());
        error.getStyleClass().add("script-error");
        error.setWrapText(true);
        error.managedProperty().bind(model.errorProperty().isNotEmpty());
        TableView<ScriptLine> preview = previewTable();

        Button start = new Button("Import");
        start.setId("script-import");
        start.getStyleClass().add("accent");
        start.disableProperty().bind(model.runningProperty().or(javafx.beans.binding.Bindings.isEmpty(model.files())));
        start.setOnAction(e -> startImport());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(model.progressProperty());
        progress.setPrefWidth(260);
        Button cancel = new Button("Cancel");
        cancel.setId("script-cancel");
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> model.cancel());
        TextArea log = new TextArea();
        log.setId("script-import-log");
        log.setEditable(false);
        log.setWrapText(true);
        log.setPrefRowCount(4);
        log.setPromptText("What each import did appears here; a new file starts a fresh log.");
        log.textProperty().bind(model.statusProperty());
        HBox actions = new HBox(8, start, progress, cancel);
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox box = new VBox(10, files, options, scenes, summary, error, preview, actions, log);
        VBox.setVgrow(preview, Priority.ALWAYS);
        box.setPadding(new Insets(12));
        return box;
    }

    private Node right() {
        TableView<SpeakerCount> speakers = new TableView<>(model.speakers());
        speakers.setId("script-speakers");
        speakers.getColumns().add(column("Speaker", SpeakerCount::speaker, 110));
        speakers.getColumns().add(column("Lines", s -> Integer.toString(s.lines()), 60));
        speakers.getColumns().add(column("Persona", s -> s.linked() ? s.personaId() : "— unlinked", 110));
        speakers.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        FilteredList<Persona> shown = new FilteredList<>(model.personaChoices());
        TextField filter = new TextField();
        filter.setId("script-persona-filter");
        filter.setPromptText("Find a persona by name, id or alias");
        filter.textProperty().addListener((o, a, b) -> shown.setPredicate(p -> ScriptImportViewModel.matches(p, b)));
        ComboBox<Persona> persona = new ComboBox<>(shown);
        persona.setId("script-link-persona");
        persona.setConverter(converter(p -> p.name() + " (" + p.id() + ")"));
        persona.setPromptText("persona");
        Button link = new Button("Link");
        link.setId("script-link");
        link.disableProperty().bind(speakers.getSelectionModel().selectedItemProperty().isNull()
                .or(persona.valueProperty().isNull()));
        link.setOnAction(e -> model.link(speakers.getSelectionModel().getSelectedItem().speaker(), persona.getValue()));
        link.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        persona.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(persona, Priority.ALWAYS);
        HBox linkRow = new HBox(6, persona, link);
        linkRow.setAlignment(Pos.CENTER_LEFT);
        ListView<ScriptSource> sources = new ListView<>(model.sources());
        sources.setId("script-sources");
        sources.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(ScriptSource item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name() + " · " + item.lineCount() + " lines · "
                        + item.sceneCount() + " scenes · " + item.encoding());
            }
        });
        sources.setPrefHeight(150);
        Button remove = new Button("Remove source");
        remove.disableProperty().bind(sources.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> model.remove(sources.getSelectionModel().getSelectedItem()));
        Label speakersTitle = new Label("Speakers (link them to personas)");
        speakersTitle.getStyleClass().add("section-title");
        Label sourcesTitle = new Label("Imported sources");
        sourcesTitle.getStyleClass().add("section-title");
        VBox box = new VBox(8, speakersTitle, speakers, filter, linkRow, sourcesTitle, sources, remove);
        VBox.setVgrow(speakers, Priority.ALWAYS);
        box.setPadding(new Insets(12));
        return box;
    }

    private void startImport() {
        Task<List<FileImport>> task = new Task<>() {
            @Override
            protected List<FileImport> call() {
                Task<?> self = this;
                return model.importNow(new ImportProgress() {
                    @Override
                    public void update(String stage, long done, long total) {
                        updateProgress(done, total);
                    }

                    @Override
                    public boolean isCancelled() {
                        return self.isCancelled();
                    }
                });
            }
        };
        model.progressProperty().bind(task.progressProperty());
        model.runningProperty().set(true);
        task.setOnSucceeded(e -> finish(() -> model.imported(task.getValue())));
        task.setOnFailed(e -> finish(() -> model.failed(task.getException())));
        task.setOnCancelled(e -> finish(() -> model.failed(new IllegalStateException("cancelled"))));
        executor.execute(task);
    }

    private void finish(Runnable update) {
        model.progressProperty().unbind();
        model.progressProperty().set(0);
        model.runningProperty().set(false);
        update.run();
    }

    private void installDrop(Node target) {
        target.setOnDragOver(event -> {
            if (event.getDragboard().hasFiles()) {
                event.acceptTransferModes(TransferMode.COPY);
            }
            event.consume();
        });
        target.setOnDragDropped(event -> {
            boolean ok = event.getDragboard().hasFiles();
            if (ok) {
                model.addFiles(event.getDragboard().getFiles().stream().map(File::toPath).map(Path::toAbsolutePath).toList());
            }
            event.setDropCompleted(ok);
            event.consume();
        });
    }

    private static HBox labelled(String text, Node control) {
        Label label = new Label(text);
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox pair = new HBox(6, label, control);
        pair.setAlignment(Pos.CENTER_LEFT);
        return pair;
    }

    private ComboBox<String> columnChoice(javafx.beans.property.StringProperty property) {
        ComboBox<String> box = new ComboBox<>(model.columns());
        box.setEditable(true);
        box.setPrefWidth(110);
        box.setPromptText("detect");
        box.valueProperty().addListener((o, a, b) -> property.set(b == null ? "" : b));
        return box;
    }

    private TableView<ScriptLine> previewTable() {
        TableView<ScriptLine> table = new TableView<>(model.preview());
        table.setId("script-preview");
        table.getColumns().add(column("Scene", l -> Integer.toString(l.scene()), 55));
        table.getColumns().add(column("Line", l -> Integer.toString(l.lineNumber()), 55));
        table.getColumns().add(column("Speaker", l -> l.isNarration() ? "(narration)" : l.speaker(), 100));
        table.getColumns().add(column("Text", ScriptLine::text, 420));
        table.getColumns().add(column("Direction", ScriptLine::direction, 90));
        table.getColumns().subList(0, 3).forEach(c -> c.setMinWidth(c.getPrefWidth())); // a narrow window squeezes the text, not the numbers
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("The first file's lines appear here before importing."));
        return table;
    }

    static <T> TableColumn<T, String> column(String title, java.util.function.Function<T, String> value, double width) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    static <T> StringConverter<T> converter(java.util.function.Function<T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : label.apply(value);
            }

            @Override
            public T fromString(String text) {
                return null;
            }
        };
    }
}
