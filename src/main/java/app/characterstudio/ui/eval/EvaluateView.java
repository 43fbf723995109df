package app.characterstudio.ui.eval;

import app.characterstudio.eval.EvalReport;
import app.characterstudio.eval.Stats;
import app.characterstudio.store.EvalRepository.RunRow;
import app.characterstudio.store.EvalRepository.SetRow;
import app.characterstudio.ui.kit.ReplySourceChoice;
import app.characterstudio.ui.kit.StudioView;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.paint.Color;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Evaluate room: sets and a run with progress and cancel on the left; the runs, the report of one beside a second
 * (table, per-metric bars and a characters × metrics heat map) and the rating panel (keys 1-5 rate, ←/→ move) on the right.
 */
public final class EvaluateView implements StudioView {
    private final EvaluateViewModel model;
    private final BorderPane root = new BorderPane();
    private final TableView<EvalReport.Row> table = new TableView<>();
    private final BarChart<String, Number> chart = new BarChart<>(new CategoryAxis(), new NumberAxis());
    private final GridPane heatMap = new GridPane();
    private final javafx.collections.ObservableList<EvalReport.Changed> changed =
            javafx.collections.FXCollections.observableArrayList();
    private final Label reportTitle = new Label();
    /** The room's "Answers from": the loaded model or a backend; offered only while runs follow the room's choice. */
    private final ReplySourceChoice source;
    private final boolean choosesSource;
    private boolean shown;

    public EvaluateView(Studio studio, TaskExecutor executor) {
        model = new EvaluateViewModel(studio.evals(), studio::evalRunner, executor);
        choosesSource = studio.evalRunsFollowTheirRoom();
        source = new ReplySourceChoice("eval-reply-source", "What answers this room's runs: the loaded model, or an "
                + "inference server added in the Model room's Backends panel", studio::evalReplies, studio::backends,
                executor, model.status()::set, model.answeredBy()::set);
        root.setPadding(new Insets(12));
        root.setLeft(left());
        root.setCenter(right());
        model.report().addListener((obs, was, report) -> show(report));
    }

    /** Reads the backends and the room's kept choice again: after one was added or removed in the Model room. */
    public void backendsChanged() {
        if (shown && choosesSource) {
            source.reload();
        }
    }

    public EvaluateViewModel model() {
        return model;
    }

    @Override
    public String title() {
        return "Evaluate";
    }

    @Override
    public Node node() {
        if (!shown) {
            shown = true;
            model.refresh();
            if (choosesSource) {
                source.reload();
            }
        }
        return root;
    }

    private Node left() {
        ListView<SetRow> sets = new ListView<>(model.sets());
        sets.setId("eval-sets");
        sets.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(SetRow set, boolean empty) {
                super.updateItem(set, empty);
                setText(empty || set == null ? null : set.name() + "  (" + set.itemCount() + " items, " + set.kind() + ")");
            }
        });
        sets.getSelectionModel().selectedItemProperty().addListener((obs, was, set) -> {
            if (set != null) {
                model.selectedSet().set(set);
            }
        });
        model.selectedSet().addListener((obs, was, set) -> sets.getSelectionModel().select(set));
        TextField folder = new TextField();
        folder.setId("eval-import-folder");
        folder.setPromptText("CharacterEval data/ folder");
        folder.textProperty().bindBidirectional(model.importFolder());
        Button importButton = new Button("Import CharacterEval");
        importButton.setId("eval-import");
        importButton.setOnAction(e -> model.importCharacterEval());
        TextField limit = new TextField();
        limit.setId("eval-limit");
        limit.setPromptText("all items");
        limit.setPrefColumnCount(6);
        limit.textProperty().bindBidirectional(model.limit());
        Button run = new Button("Run loaded model");
        run.setId("eval-run");
        run.disableProperty().bind(model.running());
        run.setOnAction(e -> model.startRun());
        model.answeredBy().addListener((obs, was, now) -> run.setText(now.isEmpty() ? "Run loaded model"
                : "Run on backend"));
        source.node().disableProperty().bind(model.running());
        Label answers = fixed("Answers from");
        Label answeredBy = new Label();
        answeredBy.setId("eval-answered-by");
        answeredBy.getStyleClass().add("muted");
        answeredBy.textProperty().bind(model.answeredBy());
        HBox sourceRow = new HBox(6, answers, source.node(), answeredBy);
        sourceRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        sourceRow.visibleProperty().bind(source.node().visibleProperty());
        sourceRow.managedProperty().bind(source.node().managedProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("eval-cancel");
        cancel.disableProperty().bind(model.running().not());
        cancel.setOnAction(e -> model.cancel());
        ProgressBar progress = new ProgressBar();
        progress.setId("eval-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(model.progress());
        Label status = new Label();
        status.setId("eval-status");
        status.setWrapText(true);
        status.textProperty().bind(model.status());
        HBox sampling = new HBox(6, fixed("Temp."), field("eval-temperature", model.temperature(), 3),
                fixed("Top-p"), field("eval-top-p", model.topP(), 3),
                fixed("Max tokens"), field("eval-max-new-tokens", model.maxNewTokens(), 3),
                fixed("Seed"), field("eval-seed", model.seed(), 3));
        sampling.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox box = new VBox(8, new Label("Test sets"), sets, new HBox(6, folder, importButton), sourceRow,
                new HBox(6, new Label("Limit"), limit, run, cancel), sampling, progress, status);
        VBox.setVgrow(sets, Priority.ALWAYS);
        box.setPrefWidth(420);
        box.setPadding(new Insets(0, 12, 0, 0));
        return box;
    }

    private Node right() {
        ListView<RunRow> runs = new ListView<>(model.runs());
        runs.setId("eval-runs");
        runs.setPrefHeight(120);
        runs.setMinHeight(72);
        runs.setCellFactory(list -> runCell());
        runs.getSelectionModel().selectedItemProperty().addListener((obs, was, run) -> {
            if (run != null) {
                model.selectedRun().set(run);
            }
        });
        model.selectedRun().addListener((obs, was, run) -> {
            if (run != null) {
                runs.getSelectionModel().select(run);
            }
        });
        ComboBox<RunRow> compare = new ComboBox<>(model.runs());
        compare.setId("eval-compare");
        compare.setPromptText("compare with…");
        compare.setCellFactory(list -> runCell());
        compare.setButtonCell(compare.getCellFactory().call(null));
        compare.valueProperty().bindBidirectional(model.compareRun());
        table.setId("eval-report-table");
        table.getColumns().add(column("Metric", row -> row.name()));
        table.getColumns().add(column("Run", row -> mean(row.first())));
        table.getColumns().add(column("Compared", row -> row.second() == null ? "" : mean(row.second())));
        table.getColumns().add(column("Difference", row -> row.paired() == null ? ""
                : mean(row.paired().difference())));
        table.getColumns().add(column("p (paired t)", row -> row.paired() == null || Double.isNaN(row.paired().p()) ? ""
                : String.format(Locale.ROOT, "%.4f", row.paired().p())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        chart.setId("eval-chart");
        chart.setTitle("Per-metric means");
        chart.setAnimated(false);
        chart.setPrefHeight(220);
        ListView<EvalReport.Changed> changedList = new ListView<>(changed);
        changedList.setId("eval-changed");
        changedList.setPrefHeight(110);
        changedList.setPrefWidth(320);
        changedList.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(EvalReport.Changed c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : String.format(Locale.ROOT, "%s %s  %.3f → %.3f  (%+.3f)",
                        c.item().key(), c.item().role(), c.first(), c.second(), c.difference()));
            }
        });
        changedList.getSelectionModel().selectedItemProperty().addListener((obs, was, c) -> model.openChange(c));
        TextArea detail = new TextArea();
        detail.setId("eval-changed-detail");
        detail.setEditable(false);
        detail.setWrapText(true);
        detail.setPrefRowCount(4);
        detail.textProperty().bind(model.changeDetail());
        HBox changes = new HBox(8, changedList, detail);
        HBox.setHgrow(detail, Priority.ALWAYS);
        heatMap.setId("eval-heatmap");
        heatMap.setHgap(2);
        heatMap.setVgap(2);
        ScrollPane heatScroll = new ScrollPane(heatMap);
        heatScroll.setPrefHeight(220);
        TabPane views = new TabPane(new Tab("Per-metric means", chart), new Tab("Characters × metrics", heatScroll));
        views.setId("eval-report-views");
        views.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Button send = new Button("Send to Chat");
        send.setId("eval-send-to-chat");
        send.setOnAction(e -> model.sendLowItemsToChat());
        send.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        compare.setMaxWidth(Double.MAX_VALUE);
        compare.setPrefWidth(240);
        HBox.setHgrow(compare, Priority.ALWAYS);
        HBox runTools = new HBox(6, fixed("Compare with"), compare, fixed("Items below"),
                field("eval-send-below", model.sendBelow(), 3), send);
        runTools.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        reportTitle.setId("eval-report-title");
        reportTitle.setWrapText(true);
        VBox rating = ratingPane();
        VBox box = new VBox(8, new Label("Runs"), runs, runTools, reportTitle, table, views,
                new Label("Changed most (click for the prompt and both replies)"), changes, rating);
        VBox.setVgrow(table, Priority.ALWAYS);
        // below these heights (a 1280 x 720 window with a run open) the column scrolls instead of squeezing the
        // chart to a line and the rating pane out of sight
        runs.setMinHeight(64);
        table.setMinHeight(150);
        views.setMinHeight(240);
        changes.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        rating.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        ScrollPane column = new ScrollPane(box);
        column.setId("eval-report-scroll");
        column.setFitToWidth(true);
        column.setFitToHeight(true);
        column.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        return column;
    }

    private VBox ratingPane() {
        Label where = new Label();
        where.setId("eval-rate-where");
        Label text = new Label();
        text.setId("eval-rate-text");
        text.setWrapText(true);
        model.ratingSlot().addListener((obs, was, slot) -> {
            if (slot == null) {
                where.setText("No replies to rate: choose a run.");
                text.setText("");
            } else {
                where.setText(String.format(Locale.ROOT, "Rate %d of %d: item %s, %s (%s) — keys 1-5, ←/→",
                        slot.index() + 1, slot.total(), slot.item().key(), slot.metric().en(), slot.metric().zh()));
                String[] lines = slot.item().context().split("\n");
                text.setText(lines[lines.length - 1] + "\n→ " + slot.item().role() + "：" + slot.reply().reply());
            }
        });
        Button draw = new Button("Draw");
        draw.setId("eval-rate-draw");
        draw.setOnAction(e -> model.drawRatingQueue());
        HBox sample = new HBox(6, new Label("Rate a sample of"), field("eval-rate-sample", model.ratingSampleSize(), 4),
                new Label("items, seed"), field("eval-rate-seed", model.ratingSeed(), 4), draw,
                new Label("(blank: every item in order)"));
        sample.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox pane = new VBox(4, sample, where, text);
        pane.setId("eval-rate");
        pane.setFocusTraversable(true);
        pane.setPadding(new Insets(6));
        pane.getStyleClass().add("eval-rating");
        pane.setOnMouseClicked(e -> pane.requestFocus());
        pane.setOnKeyPressed(e -> {
            if (e.getTarget() instanceof TextField) {
                return;     // typing a sample size
            }
            KeyCode code = e.getCode();
            if (code.isDigitKey() && code.getChar().length() == 1 && "12345".contains(code.getChar())) {
                model.rate(Integer.parseInt(code.getChar()));
                e.consume();
            } else if (code == KeyCode.RIGHT) {
                model.move(1);
                e.consume();
            } else if (code == KeyCode.LEFT) {
                model.move(-1);
                e.consume();
            }
        });
        return pane;
    }

    private void show(EvalReport report) {
        reportTitle.setText(reportTitle(report));
        List<EvalReport.Row> rows = new ArrayList<>();
        chart.getData().clear();
        if (report != null) {
            rows.addAll(report.metrics());
            rows.addAll(report.groups());
            if (report.average() != null) {
                rows.add(report.average());
            }
            rows.addAll(report.characters());
            rows.addAll(report.reference());
            report.human().forEach(r -> rows.add(new EvalReport.Row("rated: " + r.name(), r.first(), r.second(),
                    r.paired())));
            XYChart.Series<String, Number> first = new XYChart.Series<>();
            first.setName("run " + report.run().id());
            report.metrics().forEach(r -> first.getData().add(new XYChart.Data<>(r.name(), r.first().mean())));
            chart.getData().add(first);
            if (report.compared() != null) {
                XYChart.Series<String, Number> second = new XYChart.Series<>();
                second.setName("run " + report.compared().id());
                report.metrics().forEach(r -> second.getData().add(new XYChart.Data<>(r.name(),
                        r.second().count() == 0 ? 0 : r.second().mean())));
                chart.getData().add(second);
            }
        }
        table.getItems().setAll(rows);
        showHeatMap(report == null ? List.of() : report.characterMetrics());
        changed.setAll(report == null ? List.of() : report.changed());
    }

    /**
     * Characters down, metrics across, each square the run's mean colored from the lowest mean on the map (red)
     * to the highest (green); a square without scores stays blank.
     */
    private void showHeatMap(List<EvalReport.Cell> cells) {
        heatMap.getChildren().clear();
        List<String> characters = cells.stream().map(EvalReport.Cell::character).distinct().toList();
        List<String> metrics = cells.stream().map(EvalReport.Cell::metric).distinct().toList();
        double low = cells.stream().mapToDouble(c -> c.mean().mean()).min().orElse(0);
        double high = cells.stream().mapToDouble(c -> c.mean().mean()).max().orElse(0);
        for (int m = 0; m < metrics.size(); m++) {
            Label header = new Label(metrics.get(m));
            header.getStyleClass().add("eval-heat-header");
            heatMap.add(header, m + 1, 0);
        }
        for (int c = 0; c < characters.size(); c++) {
            heatMap.add(new Label(characters.get(c)), 0, c + 1);
        }
        for (EvalReport.Cell cell : cells) {
            double t = high > low ? (cell.mean().mean() - low) / (high - low) : 0.5;
            Label square = new Label(String.format(Locale.ROOT, "%.2f", cell.mean().mean()));
            square.getStyleClass().add("eval-heat-cell");
            square.setUserData(cell);
            square.setMinSize(64, 26);
            square.setAlignment(javafx.geometry.Pos.CENTER);
            square.setTooltip(new javafx.scene.control.Tooltip(String.format(Locale.ROOT, "%s, %s: mean %.3f over %d",
                    cell.character(), cell.metric(), cell.mean().mean(), cell.mean().count())));
            square.setStyle("-fx-background-color: " + heatColor(t) + "; -fx-text-fill: black;");
            heatMap.add(square, metrics.indexOf(cell.metric()) + 1, characters.indexOf(cell.character()) + 1);
        }
    }

    /** Red (0) through yellow to green (1), as a CSS color. */
    static String heatColor(double t) {
        Color color = Color.hsb(120 * Math.max(0, Math.min(1, t)), 0.55, 0.95);
        return String.format(Locale.ROOT, "#%02x%02x%02x", (int) Math.round(color.getRed() * 255),
                (int) Math.round(color.getGreen() * 255), (int) Math.round(color.getBlue() * 255));
    }

    /** A label that keeps its whole text when its row is short of room. */
    private static Label fixed(String text) {
        Label label = new Label(text);
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return label;
    }

    private static TextField field(String id, javafx.beans.property.StringProperty value, int columns) {
        TextField field = new TextField();
        field.setId(id);
        field.setPrefColumnCount(columns);
        field.textProperty().bindBidirectional(value);
        return field;
    }

    private static TableColumn<EvalReport.Row, String> column(String title,
                                                              java.util.function.Function<EvalReport.Row, String> value) {
        TableColumn<EvalReport.Row, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

    private static ListCell<RunRow> runCell() {
        return new ListCell<>() {
        @Override
        protected void updateItem(RunRow run, boolean empty) {
            super.updateItem(run, empty);
            setText(empty || run == null ? null : runLabel(run));
        }
    };
    }

    /**
     * A run in the lists: its model and weights, or for a run answered by a backend its {@code SERVED@BACKEND} and
     * the backend's URLs (its "weights hash" is only the hash of that description).
     */
    static String runLabel(RunRow run) {
        String answered = run.backendJson() == null ? run.modelName() + " @" + run.weightsHash().substring(0,
                Math.min(8, run.weightsHash().length())) : run.modelName() + " (" + backendOf(run) + ")";
        return "run " + run.id() + ": " + answered + " on " + run.setName() + " (" + run.replyCount() + " replies)";
    }

    /** "backend NAME at URL, URL": what a run keeps of the backend that answered it. */
    static String backendOf(RunRow run) {
        try {
            com.fasterxml.jackson.databind.JsonNode backend = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(run.backendJson());
            List<String> urls = new ArrayList<>();
            backend.path("urls").forEach(url -> urls.add(url.asText()));
            return "backend " + backend.path("name").asText() + " at " + String.join(", ", urls);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "backend " + run.backendJson();
        }
    }

    /** As {@code eval report} begins: the run, what answered it, its set, and the run compared. */
    static String reportTitle(EvalReport report) {
        if (report == null) {
            return "";
        }
        return "Run " + report.run().id() + " (" + answeredBy(report.run()) + " on '" + report.run().setName() + "')"
                + (report.compared() == null ? "" : " vs run " + report.compared().id() + " ("
                        + answeredBy(report.compared()) + ")")
                + ", scores of " + (report.scorer() == null ? "no reward model" : report.scorer());
    }

    private static String answeredBy(RunRow run) {
        return run.backendJson() == null ? run.modelName() : run.modelName() + ", " + backendOf(run);
    }

    private static String mean(Stats.Mean m) {
        if (m.count() == 0) {
            return "";
        }
        return Double.isNaN(m.halfWidth()) ? String.format(Locale.ROOT, "%.3f (n=%d)", m.mean(), m.count())
                : String.format(Locale.ROOT, "%.3f ± %.3f (n=%d)", m.mean(), m.halfWidth(), m.count());
    }
}
