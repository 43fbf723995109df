package app.characterstudio.ui.chat;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The list of keyboard shortcuts, over the chat screen (? or F1; any key or click closes it). */
final class HelpOverlay extends StackPane {
    HelpOverlay(ChatViewModel model) {
        setId("chat-help");
        getStyleClass().add("help-overlay");
        Label title = new Label("Keyboard shortcuts");
        title.getStyleClass().add("view-title");
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(6);
        int row = 0;
        for (Shortcut shortcut : Shortcut.ALL) {
            Label keys = new Label(shortcut.keys());
            keys.setStyle("-fx-font-weight: bold;");
            grid.addRow(row++, keys, new Label(shortcut.action()));
        }
        Label inputs = new Label("While a text box, the replies spinner, a list box or an editor has the cursor, "
                + "keys type there: only Esc and F1 act.");
        inputs.setWrapText(true);
        inputs.getStyleClass().add("muted");
        Label close = new Label("Press any key or click to close.");
        close.getStyleClass().add("muted");
        VBox card = new VBox(title, grid, inputs, close);
        card.getStyleClass().add("help-card");
        card.setAlignment(Pos.TOP_LEFT);
        getChildren().add(card);
        visibleProperty().bind(model.helpVisibleProperty());
        setOnMouseClicked(event -> model.helpVisibleProperty().set(false));
    }
}
