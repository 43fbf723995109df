package app.characterstudio.ui;

import app.characterstudio.ui.characters.CharactersView;
import app.characterstudio.ui.kit.StudioView;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.ui.models.BackendsViewModel;
import app.characterstudio.ui.models.ModelHeader;
import app.characterstudio.ui.models.ModelView;
import app.characterstudio.ui.models.ModelViewModel;
import app.characterstudio.workspace.Studio;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The main window: a sidebar of views on the left, the selected view in the middle. */
public final class MainWindow {
    private final Studio studio;
    private final TaskExecutor executor;
    private final BorderPane root = new BorderPane();
    private final StackPane content = new StackPane();
    private final ToggleGroup navigation = new ToggleGroup();
    private final List<StudioView> views = new ArrayList<>();
    private final ModelViewModel models;
    private StudioView current;
    private final javafx.beans.property.ObjectProperty<StudioView> shown = new javafx.beans.property.SimpleObjectProperty<>();

    public MainWindow(Studio studio, TaskExecutor executor) {
        this.studio = studio;
        this.executor = executor;
        root.getStyleClass().add("studio-root");
        VBox sidebar = new VBox(4);
        sidebar.getStyleClass().add("sidebar");
        sidebar.setPadding(new Insets(16, 8, 16, 8));
        Label brand = new Label("Character Studio");
        brand.getStyleClass().add("brand");
        sidebar.getChildren().add(brand);
        models = new ModelViewModel(studio.models(), studio::modelStartup, executor, Platform::runLater);
        for (StudioView view : createViews()) {
            addView(sidebar, view);
        }
        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        Label workspace = new Label(studio.workspace().root().toString());
        workspace.getStyleClass().add("workspace-path");
        workspace.setWrapText(true);
        sidebar.getChildren().addAll(spacer, workspace);
        root.setLeft(sidebar);
        VBox.setVgrow(content, Priority.ALWAYS);
        root.setCenter(new VBox(ModelHeader.of(models), content));
        if (!views.isEmpty()) {
            select(views.get(0));
        }
        models.startUp();
        ViewMemoryKeeper.keep(this, studio.viewMemory(), executor);
    }

    /** The room on screen. */
    public javafx.beans.property.ReadOnlyObjectProperty<StudioView> currentViewProperty() {
        return shown;
    }

    private List<StudioView> createViews() {
        CharactersView characters = new CharactersView(studio, executor);
        countTokensWithTheLoadedModel(characters, models);
        app.characterstudio.ui.chat.ChatView chat = new app.characterstudio.ui.chat.ChatView(
                new app.characterstudio.ui.chat.ChatServices(studio::chat, studio::labels, studio.personas(),
                        studio.guidelines(), studio::rewardScoring, studio::chatReplies, studio::backends), executor);
        app.characterstudio.ui.eval.EvaluateView evaluate = new app.characterstudio.ui.eval.EvaluateView(studio, executor);
        BackendsViewModel backends = new BackendsViewModel(studio::backends, () -> studio.models().current().isPresent()
                ? studio.modelTokenCounter()::count : null, executor, () -> {
                    chat.backendsChanged();
                    evaluate.backendsChanged();
                });
        ModelView model = new ModelView(models, backends);
        model.addSection(rewardPanel(chat));
        return List.of(characters,
                new app.characterstudio.ui.script.ScriptsView(studio, executor),
                model,
                chat,
                new app.characterstudio.ui.export.ExportView(studio.exports(), studio.personas(), executor),
                evaluate,
                new app.characterstudio.ui.label.LabelersView(studio::labels, studio::labelBundles, executor));
    }

    /** The reward model section of the Model room; a disagreement opens its turn in the chat. */
    private javafx.scene.Node rewardPanel(app.characterstudio.ui.chat.ChatView chat) {
        app.characterstudio.ui.reward.RewardPanelModel panel = new app.characterstudio.ui.reward.RewardPanelModel(
                studio::rewardScoring, studio.workspace().modelsDir(), executor, disagreement -> {
                    if (select(chat) && chat.model() != null) {
                        chat.model().openTurn(disagreement.characterId(), disagreement.sessionId(),
                                disagreement.turnId());
                    }
                });
        panel.load();
        return new app.characterstudio.ui.reward.RewardPanel(panel);
    }

    /** While a model is loaded, the persona preview counts tokens with its tokenizer. */
    private void countTokensWithTheLoadedModel(CharactersView characters, ModelViewModel models) {
        app.characterstudio.chat.TokenCounter counter = studio.modelTokenCounter();
        java.util.function.Consumer<Boolean> update = loaded ->
                characters.tokenCounterProperty().set(loaded ? counter::count : null);
        models.loadedProperty().addListener((obs, was, loaded) -> update.accept(loaded));
        update.accept(models.loadedProperty().get());
    }

    public Parent root() {
        return root;
    }

    public Studio studio() {
        return studio;
    }

    public TaskExecutor executor() {
        return executor;
    }

    public List<StudioView> views() {
        return List.copyOf(views);
    }

    /** Shows {@code view}, if the current one may be left. */
    public boolean select(StudioView view) {
        if (current == view) {
            return true;
        }
        if (current != null && !current.confirmLeave()) {
            navigation.getToggles().stream()
                    .filter(t -> t.getUserData() == current).findFirst().ifPresent(navigation::selectToggle);
            return false;
        }
        current = view;
        content.getChildren().setAll(view.node());
        shown.set(view);
        navigation.getToggles().stream()
                .filter(t -> t.getUserData() == view).findFirst().ifPresent(navigation::selectToggle);
        return true;
    }

    /** Whether the window may close: every view has saved or discarded its work. */
    public boolean confirmClose() {
        return views.stream().allMatch(StudioView::confirmLeave);
    }

    public void close() {
        views.forEach(StudioView::close);
    }

    private void addView(VBox sidebar, StudioView view) {
        views.add(view);
        ToggleButton button = new ToggleButton(view.title());
        button.setId("nav-" + view.title().toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        button.getStyleClass().add("nav-button");
        button.setMaxWidth(Double.MAX_VALUE);
        button.setUserData(view);
        button.setToggleGroup(navigation);
        button.setOnAction(event -> {
            if (!select(view)) {
                event.consume();
            }
            if (current == view) {
                button.setSelected(true);
            }
        });
        sidebar.getChildren().add(button);
    }
}
