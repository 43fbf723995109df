package app.characterstudio.ui.script;

import app.characterstudio.store.StoredLine;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** A character's lines by scene, each scene whole with the character's lines emphasised. */
final class ScriptBrowserPane {
    private final VBox root;

    ScriptBrowserPane(ScriptBrowserViewModel model) {
        ComboBox<CharacterChoice> character = new ComboBox<>(model.characters());
        character.valueProperty().bindBidirectional(model.characterProperty());
        character.setId("script-browse-character");
        TextField filter = new TextField();
        filter.setPromptText("only scenes where the character says…");
        filter.textProperty().bindBidirectional(model.filterProperty());
        filter.setOnAction(e -> model.search());
        HBox.setHgrow(filter, Priority.ALWAYS);
        Button search = new Button("Show");
        search.setId("script-browse-search");
        search.setOnAction(e -> model.search());
        character.valueProperty().addListener((o, a, b) -> model.search());
        HBox bar = new HBox(8, new Label("Character"), character, filter, search);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label summary = new Label();
        summary.textProperty().bind(model.summaryProperty());
        ListView<ScriptBrowserViewModel.Scene> scenes = new ListView<>(model.scenes());
        scenes.setId("script-browse-scenes");
        scenes.setCellFactory(v -> new SceneCell(model));
        scenes.setPlaceholder(new Label("Pick a character to see their scenes."));
        root = new VBox(10, bar, summary, scenes);
        VBox.setVgrow(scenes, Priority.ALWAYS);
        root.setPadding(new Insets(12));
    }

    Node node() {
        return root;
    }

    private static final class SceneCell extends ListCell<ScriptBrowserViewModel.Scene> {
        private final ScriptBrowserViewModel model;

        SceneCell(ScriptBrowserViewModel model) {
            this.model = model;
        }

        @Override
        protected void updateItem(ScriptBrowserViewModel.Scene scene, boolean empty) {
            super.updateItem(scene, empty);
            if (empty || scene == null) {
                setGraphic(null);
                return;
            }
            VBox box = new VBox(2);
            Label title = new Label(scene.source() + " · scene " + scene.number() + " · lines "
                    + scene.lines().get(0).line().lineNumber() + "–"
                    + scene.lines().get(scene.lines().size() - 1).line().lineNumber());
            title.getStyleClass().add("scene-title");
            box.getChildren().add(title);
            CharacterChoice chosen = model.characterProperty().get();
            for (StoredLine line : scene.lines()) {
                String speaker = line.line().speaker();
                Label label = new Label((speaker.isEmpty() ? "" : speaker + "：") + line.line().text()
                        + (line.line().direction().isEmpty() ? "" : "  （" + line.line().direction() + "）"));
                label.setWrapText(true);
                if (chosen != null && chosen.scriptNames().contains(speaker)) {
                    label.getStyleClass().add("script-character-line");
                } else if (speaker.isEmpty()) {
                    label.getStyleClass().add("script-narration");
                }
                box.getChildren().add(label);
            }
            box.setMaxWidth(getListView().getWidth() - 30);
            setGraphic(box);
        }
    }
}
