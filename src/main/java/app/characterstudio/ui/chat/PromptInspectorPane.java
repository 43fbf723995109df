package app.characterstudio.ui.chat;

import app.characterstudio.chat.RetrievedDialogue;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The prompt inspector: the exact text the model saw, its token count and the script exchanges in it. */
final class PromptInspectorPane extends VBox {
    PromptInspectorPane(ChatViewModel model) {
        setId("prompt-inspector");
        setSpacing(6);
        setStyle("-fx-padding: 8;");
        ChatInspector inspector = model.inspector();
        Label title = new Label();
        title.getStyleClass().add("view-title");
        title.textProperty().bind(inspector.titleProperty());
        Label summary = new Label();
        summary.setId("prompt-summary");
        summary.setWrapText(true);
        summary.getStyleClass().add("muted");
        summary.textProperty().bind(inspector.summaryProperty());
        TextArea text = new TextArea();
        text.setId("prompt-text");
        text.getStyleClass().add("prompt-text");
        text.setEditable(false);
        text.setWrapText(true);
        text.textProperty().bind(inspector.textProperty());
        VBox.setVgrow(text, Priority.ALWAYS);
        Label exchangesTitle = new Label("Script exchanges in this prompt");
        ListView<RetrievedDialogue> exchanges = new ListView<>(inspector.exchanges());
        exchanges.setId("prompt-exchanges");
        exchanges.setPrefHeight(120);
        exchanges.setFocusTraversable(false);
        exchanges.setPlaceholder(new Label("none"));
        exchanges.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(RetrievedDialogue item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.source() + "  lines " + item.firstLine() + "–" + item.lastLine()
                        + "  score " + String.format(java.util.Locale.ROOT, "%.2f", item.score()) + "\n"
                        + item.text().lines().findFirst().orElse(""));
            }
        });
        Button next = new Button("Prompt for the next reply");
        next.setId("prompt-next");
        next.setFocusTraversable(false);
        next.setOnAction(event -> model.inspectNextPrompt());
        getChildren().addAll(title, summary, text, exchangesTitle, exchanges, next);
    }
}
