package app.characterstudio.ui.label;

import app.characterstudio.StudioException;
import app.characterstudio.label.LabelBundles;
import app.characterstudio.label.LabelService;
import app.characterstudio.ui.kit.StudioView;
import app.characterstudio.ui.kit.TaskExecutor;
import java.io.File;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** Several labelers: the labeler name, label bundles out and in, and how far the labelers agree. */
public final class LabelersView implements StudioView {
    private final Supplier<LabelService> labels;
    private final Supplier<LabelBundles> bundles;
    private final TaskExecutor executor;
    private final StackPane root = new StackPane();
    private LabelersViewModel model;

    /** The services are looked up when the view is first shown, so the database opens only then. */
    public LabelersView(Supplier<LabelService> labels, Supplier<LabelBundles> bundles, TaskExecutor executor) {
        this.labels = labels;
        this.bundles = bundles;
        this.executor = executor;
        root.setId("labelers-view");
    }

    @Override
    public String title() {
        return "Labelers";
    }

    /** Built when first shown, so the database opens only when the room is used. */
    @Override
    public Node node() {
        if (model == null) {
            try {
                model = new LabelersViewModel(labels, bundles, executor);
                root.getChildren().setAll(build());
            } catch (StudioException e) {
                Label error = new Label(e.getMessage());
                error.getStyleClass().add("error-text");
                error.setWrapText(true);
                root.getChildren().setAll(error);
                return root;
            }
        }
        model.refresh();
        return root;
    }

    /** The view model, once the view was shown (for tests). */
    public LabelersViewModel model() {
        return model;
    }

    private Node build() {
        TextField name = new TextField();
        name.setId("labelers-name");
        name.setPromptText("Your name");
        name.textProperty().bindBidirectional(model.labelerProperty());
        Button saveName = new Button("Use this name");
        saveName.setId("labelers-name-save");
        saveName.setOnAction(event -> model.setLabeler(name.getText()));
        HBox nameRow = new HBox(8, new Label("Labeler"), name, saveName);
        nameRow.setAlignment(Pos.CENTER_LEFT);

        Button export = new Button("Export bundle…");
        export.setId("labelers-export");
        export.setOnAction(event -> {
            FileChooser chooser = chooser();
            chooser.setInitialFileName("labels-" + (model.labelerProperty().get().isBlank() ? "bundle"
                    : model.labelerProperty().get()) + ".json");
            File file = chooser.showSaveDialog(root.getScene().getWindow());
            if (file != null) {
                model.exportBundle(file.toPath());
            }
        });
        Button importBundle = new Button("Import bundle…");
        importBundle.setId("labelers-import");
        importBundle.setOnAction(event -> {
            File file = chooser().showOpenDialog(root.getScene().getWindow());
            if (file != null) {
                model.importBundle(file.toPath());
            }
        });
        HBox bundles = new HBox(8, export, importBundle);

        TableView<LabelersViewModel.Row> table = new TableView<>(model.rows());
        table.setId("labelers-agreement");
        table.getColumns().add(column("Labelers", LabelersViewModel.Row::labelers, 200));
        table.getColumns().add(column("Character", LabelersViewModel.Row::character, 160));
        table.getColumns().add(column("Turns both labeled", LabelersViewModel.Row::sharedTurns, 150));
        table.getColumns().add(column("Same choice", LabelersViewModel.Row::sameChoice, 110));
        table.getColumns().add(column("Agreement", LabelersViewModel.Row::agreement, 110));
        table.getColumns().add(column("Cohen's kappa", LabelersViewModel.Row::kappa, 120));
        table.setPlaceholder(new Label("No turn is labeled by two labelers yet."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(table, Priority.ALWAYS);

        Label explain = new Label("Label copies of the same studio.db, then swap bundles: each labeler's labels are merged "
                + "next to yours, a conflict kept side by side. Agreement: turns where both chose the same reply. "
                + "Cohen's kappa: every reply of those turns chosen, rejected or neither, corrected for chance "
                + "(1 full agreement, 0 chance, below 0 worse than chance).");
        explain.setWrapText(true);
        explain.getStyleClass().add("muted");
        Label status = new Label();
        status.setId("labelers-status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        VBox layout = new VBox(10, nameRow, bundles, explain, table, status);
        layout.setPadding(new Insets(16));
        return layout;
    }

    private static FileChooser chooser() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Label bundle");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Label bundle (JSON)", "*.json"));
        return chooser;
    }

    private static <T> TableColumn<LabelersViewModel.Row, T> column(String title,
            java.util.function.Function<LabelersViewModel.Row, T> value, double width) {
        TableColumn<LabelersViewModel.Row, T> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        return column;
    }
}
