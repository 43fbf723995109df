package app.characterstudio.ui.export;

import app.characterstudio.export.DatasetFormat;
import app.characterstudio.export.ExportOptions;
import app.characterstudio.export.ExportService;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.store.LabeledSession;
import app.characterstudio.ui.kit.StudioView;
import app.characterstudio.ui.kit.TaskExecutor;
import java.io.File;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/** The export dialog: format and options on the left; preview, counts, charts and progress on the right. */
public final class ExportView implements StudioView {
    private final ExportViewModel model;
    private FolderOpener folderOpener = FolderOpener.desktop();
    private final java.util.function.Function<String, String> characterLabel;
    /** Labels already looked up, so scrolling the list reads no persona file twice. */
    private final java.util.Map<String, String> shownCharacterLabels = new java.util.HashMap<>();
    private final BorderPane root = new BorderPane();
    private boolean shown;

    public ExportView(ExportService exports, PersonaRepository personas, TaskExecutor executor) {
        this(new ExportViewModel(exports, executor),
                id -> personas.find(id).map(p -> p.name() + "  (" + id + ")").orElse(id));
    }

    public ExportView(ExportViewModel model) {
        this(model, id -> id);
    }

    /** @param characterLabel how a character id is shown in the list (e.g. the persona's name) */
    public ExportView(ExportViewModel model, java.util.function.Function<String, String> characterLabel) {
        this.model = model;
        this.characterLabel = characterLabel;
        root.getStyleClass().add("export-view");
        root.setPadding(new Insets(16));
        Label title = new Label("Export training data");
        title.getStyleClass().add("view-title");
        root.setTop(title);
        BorderPane.setMargin(title, new Insets(0, 0, 12, 0));
        ScrollPane options = new ScrollPane(options());
        options.setFitToWidth(true);
        options.setPrefWidth(340);
        VBox.setVgrow(options, Priority.ALWAYS);
        VBox left = new VBox(10, options, actions());
        root.setLeft(left);
        root.setCenter(results());
        BorderPane.setMargin(root.getCenter(), new Insets(0, 0, 0, 16));
    }

    /** How "Open folder" shows the export's folder (tests give their own). */
    public void useFolderOpener(FolderOpener opener) {
        this.folderOpener = opener;
    }

    public ExportViewModel model() {
        return model;
    }

    @Override
    public String title() {
        return "Export";
    }

    @Override
    public Node node() {
        if (!shown) {
            shown = true;
            model.refresh();
        }
        return root;
    }

    @Override
    public boolean confirmLeave() {
        return true; // an export keeps running in the background; leaving the screen does not stop it
    }

    @Override
    public void close() {
        model.cancel(); // a running export removes its temporary folder when it sees the cancel
    }

    private Node options() {
        ComboBox<DatasetFormat> format = new ComboBox<>(model.formats());
        format.setId("export-format");
        format.valueProperty().bindBidirectional(model.formatProperty());
        format.setCellFactory(list -> new FormatCell());
        format.setButtonCell(new FormatCell());
        format.setMaxWidth(Double.MAX_VALUE);

        ListView<String> characters = new ListView<>(model.characters());
        characters.setId("export-characters");
        characters.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        characters.setPrefHeight(90);
        characters.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(String id, boolean empty) {
                super.updateItem(id, empty);
                setText(empty || id == null ? null : shownCharacterLabels.computeIfAbsent(id, characterLabel));
            }
        });
        characters.getSelectionModel().getSelectedItems().addListener((ListChangeListener<String>) change ->
                model.selectedCharacters().setAll(characters.getSelectionModel().getSelectedItems().stream()
                        .filter(Objects::nonNull).toList()));

        ListView<LabeledSession> sessions = new ListView<>(model.sessions());
        sessions.setId("export-sessions");
        sessions.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        sessions.setPrefHeight(150);
        sessions.setPlaceholder(new Label("No labeled sessions"));
        ZoneId zone = ZoneId.systemDefault();
        sessions.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(LabeledSession session, boolean empty) {
                super.updateItem(session, empty);
                setText(empty || session == null ? null : ExportViewModel.sessionText(session,
                        shownCharacterLabels.computeIfAbsent(session.characterId(), characterLabel), zone));
            }
        });
        sessions.getSelectionModel().getSelectedItems().addListener((ListChangeListener<LabeledSession>) change ->
                model.selectedSessions().setAll(sessions.getSelectionModel().getSelectedItems().stream()
                        .filter(Objects::nonNull).map(LabeledSession::id).toList()));

        FlowPane reasons = new FlowPane(6, 4);
        for (String reason : model.reasons()) {
            CheckBox box = new CheckBox(reason);
            box.setMnemonicParsing(false); // reason tags hold underscores
            box.selectedProperty().addListener((obs, old, on) -> toggle(model.selectedReasons(), reason, on));
            reasons.getChildren().add(box);
        }

        ComboBox<ExportOptions.Dedup> dedup = new ComboBox<>();
        dedup.getItems().setAll(ExportOptions.Dedup.values());
        dedup.valueProperty().bindBidirectional(model.dedupProperty());
        ComboBox<ExportOptions.Safety> safety = new ComboBox<>();
        safety.getItems().setAll(ExportOptions.Safety.values());
        safety.valueProperty().bindBidirectional(model.safetyProperty());
        DatePicker from = new DatePicker();
        from.valueProperty().bindBidirectional(model.fromProperty());
        DatePicker to = new DatePicker();
        to.valueProperty().bindBidirectional(model.toProperty());

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        int row = 0;
        grid.addRow(row++, new Label("Split (sessions)"), bound(model.splitProperty(), "export-split"));
        grid.addRow(row++, new Label("Seed"), bound(model.seedProperty(), "export-seed"));
        grid.addRow(row++, new Label("Duplicates"), dedup);
        grid.addRow(row++, new Label("Safety cases"), safety);
        grid.addRow(row++, new Label("Min length"), bound(model.minLengthProperty(), "export-min"));
        grid.addRow(row++, new Label("Max length"), bound(model.maxLengthProperty(), "export-max"));
        grid.addRow(row++, new Label("Labeled from"), from);
        grid.addRow(row++, new Label("Labeled to"), to);
        ComboBox<String> rewardModel = new ComboBox<>(model.rewardModels());
        rewardModel.setId("export-rm");
        rewardModel.valueProperty().bindBidirectional(model.rewardModelProperty());
        rewardModel.setTooltip(new Tooltip("Filter by a reward model's stored scores (Model room, Reward model); "
                + "empty: none"));
        grid.addRow(row++, new Label("Reward model"), rewardModel);
        grid.addRow(row++, new Label("Min reward score"), bound(model.minScoreProperty(), "export-min-score"));
        grid.addRow(row++, new Label("Min reward margin"), bound(model.minMarginProperty(), "export-min-margin"));
        CheckBox rewardPairs = new CheckBox("Pairs by the reward model");
        rewardPairs.setId("export-rm-pairs");
        rewardPairs.selectedProperty().bindBidirectional(model.rewardPairsProperty());
        Tooltip pairsTip = new Tooltip("Also make pairs of UNLABELED turns with two or more scored replies (best over "
                + "worst, where the margin passes). Every such row is marked \"pair_source\": \"reward_model\" and "
                + "counted apart in the preview and the manifest.");
        pairsTip.setWrapText(true);
        pairsTip.setMaxWidth(420);
        rewardPairs.setTooltip(pairsTip);
        grid.add(rewardPairs, 0, row, 2, 1);

        CheckBox editPairs = new CheckBox("Edits as pairs (edit chosen, original rejected)");
        editPairs.setId("export-edit-pairs");
        editPairs.setWrapText(true);
        editPairs.selectedProperty().bindBidirectional(model.editPairsProperty());
        Tooltip editTip = new Tooltip("When a reply you edited is chosen, the reply it was made from becomes its "
                + "rejected side: the chat room shows it \"rejected (edited)\", and Undo on that card keeps it out "
                + "for that turn. Off: originals are rejected only where you rejected them. The preview counts "
                + "these pairs.");
        editTip.setWrapText(true);
        editTip.setMaxWidth(420);
        editPairs.setTooltip(editTip);
        VBox box = new VBox(8, section("Format"), format, section("System part"), systemPart(), editPairs,
                section("Characters (none selected = all)"), characters,
                section("Sessions with labels (none selected = all)"), sessions,
                section("Only labels with these reasons"), reasons, section("Whose labels"), labelSource(),
                section("Options"), grid);
        box.setPadding(new Insets(0, 12, 0, 0));
        return box;
    }

    /** One radio button per choice, each explained in its tooltip; right under the format, so never scrolled away. */
    private Node systemPart() {
        ToggleGroup group = new ToggleGroup();
        VBox choices = new VBox(4);
        for (ExportOptions.SystemPart part : ExportOptions.SystemPart.values()) {
            RadioButton choice = new RadioButton(part.label());
            choice.setId("export-system-" + part.id());
            choice.setUserData(part);
            choice.setToggleGroup(group);
            Tooltip tip = new Tooltip(part.explanation());
            tip.setWrapText(true);
            tip.setMaxWidth(420);
            tip.setShowDuration(javafx.util.Duration.seconds(30));
            choice.setTooltip(tip);
            choice.setSelected(part == model.systemPartProperty().get());
            choices.getChildren().add(choice);
        }
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.systemPartProperty().set((ExportOptions.SystemPart) now.getUserData());
            }
        });
        model.systemPartProperty().addListener((obs, old, now) -> group.getToggles().stream()
                .filter(t -> t.getUserData() == now).findFirst().ifPresent(t -> t.setSelected(true)));
        return choices;
    }

    private Node actions() {
        TextField out = bound(model.outFolderProperty(), "export-out");
        out.setPromptText(model.defaultExportsFolder().resolve("<format>-<time>").toString());
        Button choose = new Button("Choose…");
        choose.setOnAction(e -> chooseFolder());
        HBox outRow = new HBox(6, out, choose);
        HBox.setHgrow(out, Priority.ALWAYS);

        Button refresh = new Button("Update preview");
        refresh.setId("export-preview");
        refresh.setOnAction(e -> model.refresh());
        Button export = new Button("Export");
        export.setId("export-run");
        export.getStyleClass().add("accent");
        export.setOnAction(e -> model.export());
        Button cancel = new Button("Cancel");
        cancel.setId("export-cancel");
        cancel.setOnAction(e -> model.cancel());
        refresh.disableProperty().bind(model.runningProperty());
        export.disableProperty().bind(model.runningProperty());
        cancel.disableProperty().bind(model.runningProperty().not());
        return new VBox(8, section("Folder (empty = workspace exports/)"), outRow, new HBox(8, refresh, export, cancel));
    }

    private Node results() {
        Label counts = new Label();
        counts.setId("export-counts");
        counts.textProperty().bind(model.countsProperty());
        counts.setWrapText(true);
        Label error = new Label();
        error.setId("export-error");
        error.getStyleClass().add("export-error");
        error.textProperty().bind(model.errorProperty());
        error.setWrapText(true);
        error.managedProperty().bind(model.errorProperty().isNotEmpty());

        TextArea preview = new TextArea();
        preview.setId("export-preview-text");
        preview.getStyleClass().add("export-preview");
        preview.setEditable(false);
        preview.setWrapText(true);
        preview.textProperty().bind(model.previewProperty());
        VBox.setVgrow(preview, Priority.ALWAYS);

        BarChart<String, Number> lengths = chart("Chosen reply length (characters)", model.replyLengths());
        lengths.setId("export-length-chart");
        BarChart<String, Number> perCharacter = chart("Labeled turns per character", model.labelsPerCharacter());
        perCharacter.setId("export-character-chart");
        HBox charts = new HBox(12, lengths, perCharacter);
        HBox.setHgrow(lengths, Priority.ALWAYS);
        HBox.setHgrow(perCharacter, Priority.ALWAYS);

        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(model.progressProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        Label status = new Label();
        status.textProperty().bind(model.statusProperty());
        TextField result = new TextField();
        result.setId("export-result");
        result.setEditable(false);
        result.textProperty().bind(model.resultFolderProperty());
        result.visibleProperty().bind(model.resultFolderProperty().isNotEmpty());
        HBox.setHgrow(progress, Priority.ALWAYS);
        javafx.scene.control.Button open = new javafx.scene.control.Button("Open folder");
        open.setId("export-open-folder");
        open.visibleProperty().bind(model.resultFolderProperty().isNotEmpty());
        open.setOnAction(event -> model.openResultFolder(folderOpener));
        HBox.setHgrow(result, Priority.ALWAYS);
        VBox bottom = new VBox(6, new HBox(8, progress, status), new HBox(8, result, open));

        return new VBox(10, error, counts, section("Preview: the first rows exactly as written"), preview, charts, bottom);
    }

    private static BarChart<String, Number> chart(String title, ObservableList<LengthHistogram.Bar> bars) {
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis();
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setTitle(title);
        chart.setLegendVisible(false);
        chart.setAnimated(false);
        chart.setPrefHeight(230);
        chart.setBarGap(1);
        chart.setCategoryGap(4);
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        chart.getData().add(series);
        Runnable fill = () -> series.getData().setAll(bars.stream()
                .map(bar -> new XYChart.Data<String, Number>(bar.label(), bar.count())).toList());
        bars.addListener((ListChangeListener<LengthHistogram.Bar>) change -> fill.run());
        fill.run();
        return chart;
    }

    private void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Export folder");
        File folder = chooser.showDialog(root.getScene().getWindow());
        if (folder != null) {
            model.outFolderProperty().set(new File(folder, model.formatProperty().get().id()).getPath());
        }
    }

    private static TextField bound(javafx.beans.property.StringProperty property, String id) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(property);
        field.setPrefColumnCount(8);
        return field;
    }

    /** Whose labels the export uses, and what happens where labelers disagree. */
    private Node labelSource() {
        javafx.scene.control.ComboBox<String> source = new javafx.scene.control.ComboBox<>(model.labelSources());
        source.setId("export-labels");
        source.valueProperty().bindBidirectional(model.labelSourceProperty());
        source.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String value) {
                return value == null ? "" : app.characterstudio.export.LabelSource.OWN.equals(value) ? "My labels"
                        : app.characterstudio.export.LabelSource.ALL.equals(value) ? "All labelers" : value;
            }

            @Override
            public String fromString(String text) {
                return text;
            }
        });
        source.setTooltip(new Tooltip("My labels: this workspace's own. A name: that labeler's labels (imported "
                + "from their bundle in Labelers). All labelers: every label, where they agree."));
        CheckBox skip = new CheckBox("Skip turns the labelers disagree on (off: the newest label wins)");
        skip.setId("export-skip-conflicts");
        skip.setWrapText(true);
        skip.selectedProperty().bindBidirectional(model.skipConflictsProperty());
        skip.disableProperty().bind(model.labelSourceProperty().isEqualTo(app.characterstudio.export.LabelSource.OWN));
        return new VBox(4, source, skip);
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("muted");
        return label;
    }

    private static void toggle(List<String> list, String value, boolean on) {
        if (on && !list.contains(value)) {
            list.add(value);
        } else if (!on) {
            list.remove(value);
        }
    }

    private static final class FormatCell extends ListCell<DatasetFormat> {
        @Override
        protected void updateItem(DatasetFormat item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.id() + " — " + item.description());
        }
    }
}
