package app.characterstudio.ui.script;

import app.characterstudio.ui.kit.StudioView;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import java.util.Objects;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** The Scripts screen: import wizard, a browser of a character's lines by scene, and retrieval. */
public final class ScriptsView implements StudioView {
    private final TabPane tabs = new TabPane();
    private final ScriptImportViewModel importModel;
    private final ScriptBrowserViewModel browserModel;
    private final RetrievalViewModel retrievalModel;
    private final ScriptImportPane importPane;

    public ScriptsView(Studio studio, TaskExecutor executor) {
        importModel = new ScriptImportViewModel(studio.scripts(), studio.personas());
        browserModel = new ScriptBrowserViewModel(studio.scripts(), studio.personas());
        retrievalModel = new RetrievalViewModel(studio.scripts(), studio.personas());
        importPane = new ScriptImportPane(importModel, executor);
        Tab importTab = new Tab("Import", importPane.node());
        importTab.setId("scripts-import-tab");
        Tab browseTab = new Tab("Browse lines", new ScriptBrowserPane(browserModel).node());
        browseTab.setId("scripts-browse-tab");
        Tab retrieveTab = new Tab("Retrieval", new RetrievalPane(retrievalModel, executor).node());
        retrieveTab.setId("scripts-retrieval-tab");
        tabs.getTabs().addAll(importTab, browseTab, retrieveTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStylesheets().add(Objects.requireNonNull(ScriptsView.class.getResource("scripts.css")).toExternalForm());
        tabs.getStyleClass().add("scripts-view");
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, selected) -> {
            if (selected == browseTab) {
                browserModel.refreshCharacters();
            } else if (selected == retrieveTab) {
                retrievalModel.refreshCharacters();
            }
        });
        importModel.refresh();
    }

    @Override
    public String title() {
        return "Scripts";
    }

    @Override
    public Node node() {
        return tabs;
    }

    @Override
    public boolean confirmLeave() {
        return true;
    }

    @Override
    public void close() {
        importModel.cancel();
    }

    public TabPane tabs() {
        return tabs;
    }

    public ScriptImportViewModel importModel() {
        return importModel;
    }

    public ScriptBrowserViewModel browserModel() {
        return browserModel;
    }

    public RetrievalViewModel retrievalModel() {
        return retrievalModel;
    }
}
