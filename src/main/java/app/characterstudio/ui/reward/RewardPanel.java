package app.characterstudio.ui.reward;

import app.characterstudio.scoring.RewardAgreement;
import app.characterstudio.store.ScoreSet;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The reward model section of the Model room. */
public final class RewardPanel extends VBox {
    private final RewardPanelModel model;
    private final Label overall = new Label();
    private final Label breakdown = new Label();
    private final VBox disagreements = new VBox(2);
    private final BarChart<String, Number> histogram = new BarChart<>(new CategoryAxis(), new NumberAxis());

    public RewardPanel(RewardPanelModel model) {
        super(8);
        this.model = model;
        setId("reward-panel");
        Label title = new Label("Reward model");
        title.getStyleClass().add("section-title");
        Label explain = new Label("A reward model trained on this studio's preference export scores every stored "
                + "reply. Scores are kept per model and layout, never as labels; the chat shows them on the cards "
                + "with the model's pick (A accepts it as your label).");
        explain.setWrapText(true);
        explain.getStyleClass().add("muted");

        ComboBox<Path> folders = new ComboBox<>(model.folders);
        folders.setId("reward-folder");
        folders.setPromptText("reward model folder under models/");
        folders.valueProperty().bindBidirectional(model.folder);
        folders.setConverter(new app.characterstudio.ui.kit.FolderNames());
        ComboBox<String> layouts = new ComboBox<>(model.layouts);
        layouts.setId("reward-layout");
        layouts.valueProperty().bindBidirectional(model.layout);
        Button score = new Button("Score replies");
        score.setId("reward-score");
        score.getStyleClass().add("accent");
        score.disableProperty().bind(model.scoringNow.or(model.folder.isNull()));
        score.setOnAction(e -> model.score());
        Button cancel = new Button("Cancel");
        cancel.setId("reward-cancel");
        cancel.disableProperty().bind(model.scoringNow.not());
        cancel.setOnAction(e -> model.cancel());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(model.progress);
        progress.visibleProperty().bind(model.scoringNow);
        HBox row = new HBox(8, folders, new Label("Layout"), layouts, score, cancel, progress);
        row.setAlignment(Pos.CENTER_LEFT);
        Label cost = new Label();
        cost.setId("reward-cost");
        cost.setWrapText(true);
        cost.getStyleClass().add("muted");
        cost.textProperty().bind(model.cost);
        Label status = new Label();
        status.setId("reward-status");
        status.setWrapText(true);
        status.textProperty().bind(model.status);

        ComboBox<ScoreSet> sets = new ComboBox<>(model.sets);
        sets.setId("reward-sets");
        sets.setPromptText("nothing scored yet");
        sets.valueProperty().bindBidirectional(model.set);
        sets.setConverter(new StringConverter<>() {
            @Override
            public String toString(ScoreSet set) {
                return set == null ? "" : set.label() + " · " + set.layout();
            }

            @Override
            public ScoreSet fromString(String text) {
                return null;
            }
        });
        overall.setId("reward-agreement");
        overall.setWrapText(true);
        overall.getStyleClass().add("reward-agreement");
        breakdown.setId("reward-breakdown");
        breakdown.setWrapText(true);
        histogram.setId("reward-histogram");
        histogram.setTitle("Scores of chosen and rejected replies");
        histogram.setAnimated(false);
        histogram.setPrefHeight(220);
        histogram.setBarGap(0);
        histogram.setCategoryGap(2);
        disagreements.setId("reward-disagreements");
        Label disagreeTitle = new Label("Where it disagrees most (click to open the turn)");
        disagreeTitle.getStyleClass().add("muted");
        HBox setRow = new HBox(8, new Label("Scores of"), sets);
        setRow.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(title, explain, row, cost, status, setRow, overall, breakdown, histogram, disagreeTitle,
                disagreements);
        model.agreement.addListener((obs, old, now) -> show(now));
        show(model.agreement.get());
    }

    private void show(RewardAgreement agreement) {
        disagreements.getChildren().clear();
        histogram.getData().clear();
        if (agreement == null) {
            overall.setText("Agreement with your labels: nothing scored yet.");
            breakdown.setText("");
            return;
        }
        overall.setText("Agreement with your labels: " + agreement.overall().describe()
                + (agreement.unscoredPairs() > 0 ? "; " + agreement.unscoredPairs() + " labeled pairs not scored" : ""));
        breakdown.setText("Per character: " + describe(agreement.perCharacter()) + "\nPer reason: "
                + describe(agreement.perReason()));
        RewardAgreement.Histogram bins = agreement.histogram();
        XYChart.Series<String, Number> chosen = new XYChart.Series<>();
        chosen.setName("chosen");
        XYChart.Series<String, Number> rejected = new XYChart.Series<>();
        rejected.setName("rejected");
        double width = (bins.max() - bins.min()) / Math.max(1, bins.bins());
        int decimals = (int) Math.max(2, Math.min(8, Math.ceil(-Math.log10(Math.max(width, 1e-8))) + 1));
        for (int i = 0; i < bins.bins(); i++) {
            String bin = String.format(Locale.ROOT, "%." + decimals + "f", bins.binStart(i));
            chosen.getData().add(new XYChart.Data<>(bin, bins.chosen()[i]));
            rejected.getData().add(new XYChart.Data<>(bin, bins.rejected()[i]));
        }
        histogram.getData().setAll(java.util.List.of(chosen, rejected));
        int index = 0;
        for (RewardAgreement.Disagreement d : agreement.disagreements()) {
            Hyperlink link = new Hyperlink(String.format(Locale.ROOT, "%s · turn %d: rejected %.3f over chosen %.3f — "
                    + "“%s” over “%s”", d.characterId(), d.turnId(), d.rejectedScore(), d.chosenScore(),
                    clip(d.rejected()), clip(d.chosen())));
            link.setId("reward-disagreement-" + index++);
            link.setOnAction(e -> model.open(d));
            disagreements.getChildren().add(link);
        }
        if (agreement.disagreements().isEmpty()) {
            disagreements.getChildren().add(new Label("None: it ranks every scored labeled pair as you did."));
        }
    }

    private static String describe(Map<String, RewardAgreement.Accuracy> values) {
        if (values.isEmpty()) {
            return "—";
        }
        StringBuilder text = new StringBuilder();
        values.forEach((key, accuracy) -> text.append(text.isEmpty() ? "" : "; ").append(key).append(' ')
                .append(accuracy.describe()));
        return text.toString();
    }

    private static String clip(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 40 ? line.substring(0, 39) + "…" : line;
    }
}
