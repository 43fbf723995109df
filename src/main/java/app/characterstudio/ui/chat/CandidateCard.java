package app.characterstudio.ui.chat;

import app.characterstudio.chat.TokenProbability;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** One candidate reply, side by side with the others: number, origin, label mark, text, actions. */
final class CandidateCard extends VBox {
    CandidateCard(CandidateItem item, ChatViewModel model) {
        getStyleClass().add("candidate-card");
        setId("candidate-" + item.number());
        setPrefWidth(240);
        setMinWidth(190);
        setMaxWidth(Double.MAX_VALUE);
        javafx.scene.layout.HBox.setHgrow(this, javafx.scene.layout.Priority.ALWAYS);
        Label number = new Label(String.valueOf(item.number()));
        number.getStyleClass().add("candidate-number");
        Label origin = new Label(item.originText());
        origin.getStyleClass().add("muted");
        Label mark = new Label();
        mark.getStyleClass().add("candidate-mark");
        mark.setMinWidth(Region.USE_PREF_SIZE);
        mark.setId("candidate-mark-" + item.number());
        origin.setMinWidth(Region.USE_PREF_SIZE);
        Label score = new Label();
        score.setId("candidate-score-" + item.number());
        score.getStyleClass().add("reward-score");
        score.setMinWidth(Region.USE_PREF_SIZE);
        score.textProperty().bind(item.rewardScoreProperty());
        score.managedProperty().bind(item.rewardScoreProperty().isNotEmpty());
        score.visibleProperty().bind(score.managedProperty());
        score.setTooltip(new Tooltip("The reward model's score (a machine's guess, not a label)"));
        Label pick = new Label("☆ RM pick (A)");
        pick.setId("candidate-suggested-" + item.number());
        pick.getStyleClass().add("reward-pick");
        pick.setMinWidth(Region.USE_PREF_SIZE);
        pick.managedProperty().bind(item.suggestedProperty());
        pick.visibleProperty().bind(item.suggestedProperty());
        pick.setTooltip(new Tooltip("The reward model would choose this reply; press A to make it your label"));
        // a flow, not a row: in a narrow card the mark goes below the origin rather than cut it short
        FlowPane header = new FlowPane(6, 2, number, origin, mark, score, pick);
        header.setAlignment(Pos.CENTER_LEFT);

        Label text = new Label();
        text.setId("candidate-text-" + item.number());
        text.setWrapText(true);
        text.textProperty().bind(item.textProperty());
        VBox.setVgrow(text, Priority.ALWAYS);
        getChildren().addAll(header, text);

        if (!item.isStreaming()) {
            Button choose = button("Choose", "choose-" + item.number(), () -> model.choose(item.number()));
            Button reject = button("Reject", "reject-" + item.number(), () -> model.reject(item.number()));
            Button edit = button("Edit", "edit-" + item.number(), () -> model.startEdit(item.number()));
            Button prompt = button("Prompt", "prompt-" + item.number(), () -> model.inspector().showCandidate(item));
            Button undoEdit = button("Undo", "undo-edit-" + item.number(), model::toggleEditOrigins);
            undoEdit.setTooltip(new Tooltip("Keep this reply out of the pair with its chosen edit (this turn only)"));
            Button redoEdit = button("Reject (edited)", "redo-edit-" + item.number(), model::toggleEditOrigins);
            redoEdit.setTooltip(new Tooltip("Let the chosen edit count as better than this reply again"));
            for (Button button : List.of(undoEdit, redoEdit)) {
                button.managedProperty().bind(button.visibleProperty());
            }
            undoEdit.visibleProperty().bind(item.markProperty().isEqualTo(CandidateItem.Mark.EDIT_REJECTED));
            redoEdit.visibleProperty().bind(item.markProperty().isEqualTo(CandidateItem.Mark.EDIT_KEPT));
            FlowPane actions = new FlowPane(4, 4, choose, reject, edit, prompt, undoEdit, redoEdit);
            getChildren().add(actions);
            if (!item.tokens().isEmpty()) {
                FlowPane tokens = tokenView(item);
                ToggleButton show = new ToggleButton("Token probabilities");
                show.setId("tokens-" + item.number());
                show.getStyleClass().add("small");
                tokens.visibleProperty().bind(show.selectedProperty());
                tokens.managedProperty().bind(show.selectedProperty());
                getChildren().addAll(show, tokens);
            }
        } else {
            getStyleClass().add("streaming");
        }
        item.markProperty().addListener((obs, old, now) -> applyMark(now, mark));
        applyMark(item.mark(), mark);
    }

    private void applyMark(CandidateItem.Mark value, Label mark) {
        getStyleClass().removeAll("chosen", "rejected", "edit-kept");
        switch (value) {
            case CHOSEN -> {
                getStyleClass().add("chosen");
                mark.setText("✓ chosen");
            }
            case REJECTED -> {
                getStyleClass().add("rejected");
                mark.setText("✗ rejected");
            }
            case EDIT_REJECTED -> {
                getStyleClass().add("rejected");
                mark.setText("✗ rejected (edited)");
            }
            case EDIT_KEPT -> {
                getStyleClass().add("edit-kept");
                mark.setText("kept (edited)");
            }
            case NONE -> mark.setText("");
        }
    }

    private static FlowPane tokenView(CandidateItem item) {
        FlowPane pane = new FlowPane(2, 2);
        for (TokenProbability token : item.tokens()) {
            Label chip = new Label(token.token() + " " + token.percent());
            chip.getStyleClass().add("token-chip");
            double p = token.probability();
            chip.setStyle("-fx-background-color: " + (p > 0.7 ? "#dafbe1" : p > 0.3 ? "#fff8c5" : "#ffebe9") + ";");
            StringBuilder tip = new StringBuilder();
            for (TokenProbability.Alternative alternative : token.top()) {
                tip.append(alternative.token()).append("  ")
                        .append(alternative.percent()).append('\n');
            }
            if (!tip.isEmpty()) {
                chip.setTooltip(new Tooltip(tip.toString().strip()));
            }
            pane.getChildren().add(chip);
        }
        return pane;
    }

    private static Button button(String text, String id, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.getStyleClass().add("small");
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.setFocusTraversable(false);
        button.setOnAction(event -> action.run());
        return button;
    }
}
