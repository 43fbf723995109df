package app.characterstudio.ui.chat;

import app.characterstudio.label.ReplyDiff;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.util.StringConverter;

/**
 * Two replies of the turn side by side with what differs marked ({@link ReplyDiff}: Chinese by character,
 * other text by word), for long replies that differ in a sentence. Pick the two replies above the texts;
 * by default the chosen reply and the first other one, or replies 1 and 2.
 */
final class ComparePane extends VBox {
    private final ChatViewModel model;
    private final ComboBox<Integer> leftPick = new ComboBox<>();
    private final ComboBox<Integer> rightPick = new ComboBox<>();
    private final TextFlow leftText = new TextFlow();
    private final TextFlow rightText = new TextFlow();
    private final Label summary = new Label();
    private ScrollPane scroll;

    ComparePane(ChatViewModel model) {
        this.model = model;
        setId("chat-compare");
        getStyleClass().add("compare-pane");
        setSpacing(6);
        setPadding(new Insets(8));
        leftPick.setId("compare-left");
        rightPick.setId("compare-right");
        for (ComboBox<Integer> pick : List.of(leftPick, rightPick)) {
            pick.setConverter(new StringConverter<>() {
                @Override
                public String toString(Integer number) {
                    return number == null ? "" : "Reply " + number;
                }

                @Override
                public Integer fromString(String text) {
                    return null;
                }
            });
            pick.setFocusTraversable(false);
            pick.valueProperty().addListener((obs, old, now) -> show());
        }
        summary.setId("compare-summary");
        summary.getStyleClass().add("muted");
        summary.setWrapText(true);
        Label compareWord = new Label("Compare");
        Label withWord = new Label("with");
        for (javafx.scene.layout.Region fixed : List.of(compareWord, leftPick, withWord, rightPick)) {
            fixed.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        // the summary flows after the picks and wraps below them in a narrow window, never squeezing them
        javafx.scene.layout.FlowPane picks = new javafx.scene.layout.FlowPane(8, 4,
                new HBox(8, compareWord, leftPick, withWord, rightPick), summary);
        ((HBox) picks.getChildren().get(0)).setAlignment(Pos.CENTER_LEFT);
        picks.setAlignment(Pos.CENTER_LEFT);
        leftText.setId("compare-left-text");
        rightText.setId("compare-right-text");
        GridPane texts = new GridPane();
        texts.setHgap(12);
        javafx.scene.layout.ColumnConstraints half = new javafx.scene.layout.ColumnConstraints();
        half.setPercentWidth(50);
        texts.getColumnConstraints().addAll(half, half);
        leftText.getStyleClass().add("compare-text");
        rightText.getStyleClass().add("compare-text");
        texts.add(leftText, 0, 0);
        texts.add(rightText, 1, 0);
        ScrollPane scroll = new ScrollPane(texts);
        scroll.setFitToWidth(true);
        scroll.setId("compare-scroll");
        this.scroll = scroll;
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(picks, scroll);
        model.candidates().addListener((ListChangeListener<CandidateItem>) change -> resetPicks());
        model.labelProperty().addListener((obs, old, now) -> {
            if (leftPick.getValue() == null) {
                resetPicks();
            }
        });
        resetPicks();
    }

    /** Offers every stored reply; picks the chosen one (or 1) and the first other one. */
    private void resetPicks() {
        List<Integer> numbers = model.candidates().stream().filter(item -> !item.isStreaming())
                .map(CandidateItem::number).toList();
        leftPick.getItems().setAll(numbers);
        rightPick.getItems().setAll(numbers);
        int first = model.chosenNumber().filter(numbers::contains).orElse(numbers.isEmpty() ? 0 : numbers.get(0));
        int second = numbers.stream().filter(n -> n != first).findFirst().orElse(first);
        leftPick.setValue(numbers.isEmpty() ? null : first);
        rightPick.setValue(numbers.isEmpty() ? null : second);
        show();
    }

    /** The keys (C back to the cards, digits to choose) keep working while the comparison has the focus. */
    @Override
    public void requestFocus() {
        scroll.requestFocus();
    }

    /** Compares two replies by number (for the keyboard and tests). */
    void compare(int left, int right) {
        leftPick.setValue(left);
        rightPick.setValue(right);
    }

    private void show() {
        String left = text(leftPick.getValue());
        String right = text(rightPick.getValue());
        if (left == null || right == null) {
            leftText.getChildren().clear();
            rightText.getChildren().clear();
            summary.setText("Two replies are needed to compare.");
            return;
        }
        ReplyDiff diff = ReplyDiff.of(left, right);
        fill(leftText, diff.left(), "diff-removed");
        fill(rightText, diff.right(), "diff-added");
        summary.setText(!diff.differs() ? "The two replies are the same."
                : ReplyDiff.changedCharacters(diff.left()) + " characters only in reply " + leftPick.getValue()
                + " · " + ReplyDiff.changedCharacters(diff.right()) + " only in reply " + rightPick.getValue());
    }

    private String text(Integer number) {
        if (number == null) {
            return null;
        }
        return model.candidates().stream().filter(item -> item.number() == number && !item.isStreaming())
                .map(CandidateItem::text).findFirst().orElse(null);
    }

    private static void fill(TextFlow flow, List<ReplyDiff.Segment> segments, String changedStyle) {
        flow.getChildren().clear();
        for (ReplyDiff.Segment segment : segments) {
            Text text = new Text(segment.text());
            text.getStyleClass().add("compare-segment");
            if (segment.changed()) {
                text.getStyleClass().addAll("diff-changed", changedStyle);
            }
            flow.getChildren().add(text);
        }
    }
}
