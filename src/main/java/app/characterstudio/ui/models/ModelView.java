package app.characterstudio.ui.models;

import app.characterstudio.model.run.TokenLogprobs;
import app.characterstudio.ui.kit.StudioView;
import java.io.File;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.DirectoryChooser;
import javafx.util.StringConverter;

/** The model panel: pick and load a model folder, see where it runs, and try prompts in a playground. */
public final class ModelView implements StudioView {
    private final ModelViewModel vm;
    private final VBox root = new VBox(10);
    private final VBox content;

    public ModelView(ModelViewModel vm) {
        this(vm, null);
    }

    /** With {@code backends}, the room also lists the inference servers (the Backends panel). */
    public ModelView(ModelViewModel vm, BackendsViewModel backends) {
        this.vm = vm;
        root.getStyleClass().add("model-view");
        root.setPadding(new Insets(16));
        Label title = new Label("Model");
        title.getStyleClass().add("view-title");
        content = new VBox(12, loadSection(), errorLabel("model-error", vm.error), playground());
        if (backends != null) {
            content.getChildren().add(BackendsPane.of(backends));
            backends.load();
        }
        ScrollPane scroll = new ScrollPane(content);
        scroll.setId("model-scroll");
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root.getChildren().addAll(title, scroll);
    }

    /** Adds a section below the playground (the reward model's). */
    public void addSection(Node section) {
        content.getChildren().add(section);
    }

    private Node loadSection() {
        ComboBox<Path> folders = new ComboBox<>(vm.folders);
        folders.setId("model-folders");
        folders.setPromptText("no folder under models/");
        folders.valueProperty().bindBidirectional(vm.selectedFolder);
        folders.setConverter(new app.characterstudio.ui.kit.FolderNames());
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> vm.refreshFolders());
        Button choose = new Button("Choose…");
        choose.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Model folder (config.json, weights, tokenizer.model)");
            File dir = chooser.showDialog(root.getScene().getWindow());
            if (dir != null) {
                vm.choose(dir.toPath());
            }
        });
        ComboBox<String> device = new ComboBox<>();
        device.getItems().addAll("auto", "cpu", "cuda");
        device.valueProperty().bindBidirectional(vm.device);
        ComboBox<String> dtype = new ComboBox<>();
        dtype.setId("model-dtype");
        dtype.getItems().addAll("auto", "fp32", "fp16", "bf16", "fp16w", "int8");
        dtype.valueProperty().bindBidirectional(vm.dtype);
        Button load = new Button("Load");
        load.setId("model-load");
        load.getStyleClass().add("accent");
        load.disableProperty().bind(vm.loading.or(vm.generating));
        load.setOnAction(e -> vm.load());
        Button cancel = new Button("Cancel");
        cancel.setId("model-load-cancel");
        cancel.disableProperty().bind(vm.loading.not());
        cancel.setOnAction(e -> vm.cancelLoad());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.loadProgress);
        progress.visibleProperty().bind(vm.loading);
        HBox row = new HBox(8, folders, refresh, choose, new Label("Device"), device, new Label("Dtype"), dtype, load,
                cancel, progress);
        row.setAlignment(Pos.CENTER_LEFT);
        Label status = new Label();
        status.getStyleClass().add("muted");
        status.textProperty().bind(vm.loadStatus);
        Label summary = new Label();
        summary.setId("model-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.modelSummary);
        Label hint = new Label("Put the model folder as downloaded (IndexTeam/Index-1.9B-Character: config.json, "
                + "pytorch_model.bin or model.safetensors, tokenizer.model) under models/. The weights are under the "
                + "bilibili Index-1.9B model licence; the studio ships none.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        CheckBox loadOnStart = new CheckBox("Load this model when the studio starts");
        loadOnStart.setId("model-load-on-start");
        loadOnStart.setTooltip(new Tooltip("The last model loaded loads again, in the background, as the studio "
                + "opens this workspace"));
        loadOnStart.selectedProperty().bindBidirectional(vm.loadOnStart);
        return new VBox(6, row, loadOnStart, status, summary, hint);
    }

    private Node playground() {
        Label heading = new Label("Playground");
        heading.getStyleClass().add("section-title");
        TextArea prompt = new TextArea();
        prompt.setId("model-prompt");
        prompt.setPromptText("Prompt text: the model continues it.");
        prompt.setPrefRowCount(5);
        prompt.setWrapText(true);
        prompt.textProperty().bindBidirectional(vm.prompt);
        CheckBox greedy = new CheckBox("Greedy");
        greedy.selectedProperty().bindBidirectional(vm.greedy);
        FlowPane settings = new FlowPane(8, 6, greedy,
                field("Temperature", vm.temperature, "model-temperature"), field("Top-k", vm.topK, "model-top-k"),
                field("Top-p", vm.topP, "model-top-p"), field("Repetition penalty", vm.repetitionPenalty, "model-rp"),
                field("Max new tokens", vm.maxNewTokens, "model-max-tokens"), field("Seed", vm.seed, "model-seed"),
                field("Candidates", vm.candidates, "model-candidates"));
        settings.setAlignment(Pos.CENTER_LEFT);
        Button generate = new Button("Generate");
        generate.setId("model-generate");
        generate.getStyleClass().add("accent");
        generate.disableProperty().bind(vm.generating.or(vm.loaded.not()));
        generate.setOnAction(e -> vm.generate());
        Button stop = new Button("Stop");
        stop.setId("model-stop");
        stop.disableProperty().bind(vm.generating.not());
        stop.setOnAction(e -> vm.cancelGeneration());
        Label status = new Label();
        status.setId("model-generation-status");
        status.getStyleClass().add("muted");
        status.textProperty().bind(vm.generationStatus);
        HBox actions = new HBox(8, generate, stop, status);
        actions.setAlignment(Pos.CENTER_LEFT);
        FlowPane outputs = new FlowPane(10, 10);
        outputs.setId("model-outputs");
        vm.outputs.addListener((ListChangeListener<CandidateOutput>) change ->
                outputs.getChildren().setAll(vm.outputs.stream().map(ModelView::card).toList()));
        return new VBox(8, heading, prompt, errorLabel("model-generation-error", vm.generationError), settings, actions,
                outputs);
    }

    /** An error shown where it applies, taking no room while there is none. */
    private static Label errorLabel(String id, javafx.beans.property.ReadOnlyStringProperty text) {
        Label error = new Label();
        error.setId(id);
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.textProperty().bind(text);
        error.managedProperty().bind(text.isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());
        return error;
    }

    private static Node field(String label, javafx.beans.property.StringProperty value, String id) {
        return field(label, value, id, 5);
    }

    static Node field(String label, javafx.beans.property.StringProperty value, String id, int columns) {
        TextField field = new TextField();
        field.setId(id);
        field.setPrefColumnCount(columns);
        field.textProperty().bindBidirectional(value);
        HBox box = new HBox(4, new Label(label), field);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** A candidate: its streaming text, then its tokens coloured by probability (hover: the alternatives). */
    private static Node card(CandidateOutput output) {
        Label header = new Label();
        header.textProperty().bind(Bindings.concat("Candidate ", output.index() + 1, " · ", output.statusProperty()));
        header.getStyleClass().add("candidate-header");
        Label text = new Label();
        text.getStyleClass().add("candidate-text");
        text.setWrapText(true);
        text.textProperty().bind(output.textProperty());
        TextFlow tokens = new TextFlow();
        tokens.getStyleClass().add("token-flow");
        output.tokens().addListener((ListChangeListener<TokenLogprobs>) change -> {
            while (change.next()) {
                for (TokenLogprobs token : change.getAddedSubList()) {
                    tokens.getChildren().add(chip(token));
                }
            }
        });
        output.tokens().forEach(token -> tokens.getChildren().add(chip(token)));
        VBox card = new VBox(6, header, text, new Label("Token probabilities"), tokens);
        card.getStyleClass().add("candidate-card");
        card.setPrefWidth(360);
        return card;
    }

    private static Node chip(TokenLogprobs token) {
        Text piece = new Text(CandidateOutput.visible(token.piece()) + " ");
        double p = CandidateOutput.probability(token);
        piece.getStyleClass().add(p >= 0.6 ? "token-likely" : p >= 0.25 ? "token-possible" : "token-unlikely");
        Tooltip.install(piece, new Tooltip(CandidateOutput.describe(token)));
        return piece;
    }

    @Override
    public String title() {
        return "Model";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void close() {
        vm.cancelGeneration();
        vm.cancelLoad();
    }
}
