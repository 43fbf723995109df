package app.characterstudio.ui.chat;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Edits the character's prompt template; saving adds a version and later replies use it. */
final class TemplateEditorPane extends VBox {
    TemplateEditorPane(TemplateEditorModel model) {
        setId("template-editor");
        setSpacing(6);
        setStyle("-fx-padding: 8;");
        Label version = new Label();
        version.setId("template-version");
        version.setWrapText(true);
        version.getStyleClass().add("muted");
        version.textProperty().bind(model.versionProperty());
        Label placeholders = new Label("Placeholders: ${role_name} ${user_name} ${simi_dialog} ${role_info} ${dialog}");
        placeholders.setWrapText(true);
        placeholders.getStyleClass().add("muted");
        TextArea text = new TextArea();
        text.setId("template-text");
        text.getStyleClass().add("prompt-text");
        text.setWrapText(true);
        text.textProperty().bindBidirectional(model.textProperty());
        VBox.setVgrow(text, Priority.ALWAYS);
        Button save = new Button("Save as new version");
        save.setId("template-save");
        save.setOnAction(event -> model.save());
        getChildren().addAll(version, placeholders, text, new HBox(6, save));
    }
}
