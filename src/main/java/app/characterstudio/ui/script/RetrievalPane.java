package app.characterstudio.ui.script;

import app.characterstudio.script.RetrievedExchange;
import app.characterstudio.script.RetrievedExchange.ExchangeLine;
import app.characterstudio.script.RetrievedExchange.Span;
import app.characterstudio.ui.kit.TaskExecutor;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/** Type or paste a conversation, pick the character, see the ranked exchanges and the prompt's similar dialogues. */
final class RetrievalPane {
    private final SplitPane root = new SplitPane();

    RetrievalPane(RetrievalViewModel model, TaskExecutor executor) {
        ComboBox<CharacterChoice> character = new ComboBox<>(model.characters());
        character.valueProperty().bindBidirectional(model.characterProperty());
        character.setId("script-retrieval-character");
        TextArea conversation = new TextArea();
        conversation.setId("script-conversation");
        conversation.setPromptText("user：你好呀\n三三：……\nuser：我们在野外迷路了怎么办？");
        conversation.textProperty().bindBidirectional(model.conversationProperty());
        conversation.setWrapText(true);
        Spinner<Integer> limit = spinner(1, 50, model.limitProperty());
        Spinner<Integer> minReply = spinner(0, 200, model.minReplyLengthProperty());
        Spinner<Integer> perScene = spinner(1, 20, model.perSceneProperty());
        Spinner<Integer> budget = spinner(100, 4000, model.budgetProperty());
        Button retrieve = new Button("Retrieve");
        retrieve.setId("script-retrieve");
        retrieve.getStyleClass().add("accent");
        retrieve.setOnAction(e -> {
            RetrievalViewModel.Request request = model.request();
            retrieve.setDisable(true);
            javafx.concurrent.Task<RetrievalViewModel.Outcome> task = new javafx.concurrent.Task<>() {
                @Override
                protected RetrievalViewModel.Outcome call() {
                    return model.compute(request);
                }
            };
            task.setOnSucceeded(done -> {
                retrieve.setDisable(false);
                model.apply(task.getValue());
            });
            task.setOnFailed(done -> {
                retrieve.setDisable(false);
                model.apply(new RetrievalViewModel.Outcome(java.util.List.of(), "", String.valueOf(task.getException())));
            });
            executor.execute(task);
        });
        VBox options = new VBox(6,
                row("Results", limit), row("Min reply length", minReply), row("Per scene", perScene),
                row("Budget (tokens ≈ chars)", budget));
        Label summary = new Label();
        summary.textProperty().bind(model.summaryProperty());
        summary.setWrapText(true);
        VBox left = new VBox(8, new Label("Character"), character, new Label("Conversation"), conversation, options,
                retrieve, summary);
        VBox.setVgrow(conversation, Priority.ALWAYS);
        left.setPadding(new Insets(12));

        ListView<RetrievedExchange> results = new ListView<>(model.results());
        results.setId("script-results");
        results.setCellFactory(v -> new ExchangeCell());
        results.setPlaceholder(new Label("Ranked exchanges appear here."));
        Label preparedTitle = new Label("${simi_dialog} as the prompt gets it");
        preparedTitle.getStyleClass().add("section-title");
        TextArea prepared = new TextArea();
        prepared.setId("script-prepared");
        prepared.setEditable(false);
        prepared.setWrapText(true);
        prepared.textProperty().bind(model.preparedProperty());
        prepared.setPrefRowCount(10);
        Label resultsTitle = new Label("Ranked exchanges (matching terms highlighted)");
        resultsTitle.getStyleClass().add("section-title");
        VBox right = new VBox(8, resultsTitle, results, preparedTitle, prepared);
        VBox.setVgrow(results, Priority.ALWAYS);
        right.setPadding(new Insets(12));
        root.getItems().addAll(left, right);
        root.setDividerPositions(0.34);
    }

    Node node() {
        return root;
    }

    private static HBox row(String label, Node control) {
        Label text = new Label(label);
        text.setMinWidth(150);
        HBox row = new HBox(8, text, control);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static Spinner<Integer> spinner(int min, int max, javafx.beans.property.IntegerProperty property) {
        Spinner<Integer> spinner = new Spinner<>(min, max, property.get());
        spinner.setEditable(true);
        spinner.setPrefWidth(90);
        spinner.valueProperty().addListener((o, a, b) -> property.set(b));
        return spinner;
    }

    private static final class ExchangeCell extends ListCell<RetrievedExchange> {
        @Override
        protected void updateItem(RetrievedExchange exchange, boolean empty) {
            super.updateItem(exchange, empty);
            if (empty || exchange == null) {
                setGraphic(null);
                return;
            }
            Label header = new Label(String.format(Locale.ROOT, "%.2f · %s · scene %d · lines %d–%d · %s",
                    exchange.score(), exchange.sourceName(), exchange.scene(), exchange.firstLine(),
                    exchange.lastLine(), String.join(" ", exchange.matchedTerms())));
            header.getStyleClass().add("scene-title");
            VBox box = new VBox(2, header);
            for (int i = 0; i < exchange.lines().size(); i++) {
                box.getChildren().add(flow(exchange.lines().get(i), i == exchange.lines().size() - 1));
            }
            box.setMaxWidth(getListView().getWidth() - 30);
            setGraphic(box);
        }

        private static TextFlow flow(ExchangeLine line, boolean reply) {
            TextFlow flow = new TextFlow();
            if (!line.speaker().isEmpty()) {
                Text speaker = new Text(line.speaker() + "：");
                speaker.getStyleClass().add("script-speaker");
                flow.getChildren().add(speaker);
            }
            int at = 0;
            for (Span span : line.highlights()) {
                flow.getChildren().add(plain(line.text().substring(at, span.start()), reply));
                Text hit = new Text(line.text().substring(span.start(), span.end()));
                hit.getStyleClass().add("script-highlight");
                flow.getChildren().add(hit);
                at = span.end();
            }
            flow.getChildren().add(plain(line.text().substring(at), reply));
            return flow;
        }

        private static Text plain(String text, boolean reply) {
            Text node = new Text(text);
            node.getStyleClass().add(reply ? "script-reply" : "script-context");
            return node;
        }
    }
}
