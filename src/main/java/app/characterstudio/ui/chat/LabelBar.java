package app.characterstudio.ui.chat;

import app.characterstudio.label.Label;
import app.characterstudio.label.ReasonTag;
import java.util.EnumMap;
import java.util.Map;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Reason tags, the safety-case flag and the rationale of the current turn's label. */
final class LabelBar extends VBox {
    private final Map<ReasonTag, ToggleButton> toggles = new EnumMap<>(ReasonTag.class);
    private final CheckBox safety = new CheckBox("Safety case (S)");
    private final TextField rationale = new TextField();
    private final javafx.scene.control.ChoiceBox<Integer> target = new javafx.scene.control.ChoiceBox<>();
    private final ChatViewModel model;
    private boolean updating;

    LabelBar(ChatViewModel model) {
        this.model = model;
        setSpacing(4);
        FlowPane reasons = new FlowPane(4, 4);
        reasons.getStyleClass().add("label-bar");
        javafx.scene.control.Label scope = new javafx.scene.control.Label();
        scope.setId("reasons-scope");
        scope.getStyleClass().add("muted");
        scope.textProperty().bind(model.reasonsScopeProperty());
        target.setId("reasons-target");
        target.setFocusTraversable(false);
        target.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Integer number) {
                return number == null ? "" : number == 0 ? "the whole turn" : "reply " + number;
            }

            @Override
            public Integer fromString(String text) {
                return null;
            }
        });
        target.setTooltip(new javafx.scene.control.Tooltip("Which reply the reason tags are about: rejecting or "
                + "choosing a reply makes them about it"));
        target.valueProperty().addListener((obs, old, now) -> {
            if (!updating && now != null) {
                model.targetReasons(now);
            }
        });
        reasons.getChildren().addAll(scope, target);
        for (ReasonTag tag : ReasonTag.values()) {
            ToggleButton toggle = new ToggleButton(tag.description());
            toggle.setId("reason-" + tag.tag());
            toggle.getStyleClass().addAll("reason-toggle", "small");
            toggle.setFocusTraversable(false);
            toggle.setOnAction(event -> {
                if (!updating) {
                    model.toggleReason(tag);
                }
            });
            toggles.put(tag, toggle);
            reasons.getChildren().add(toggle);
        }
        safety.setId("safety-case");
        safety.setFocusTraversable(false);
        safety.setOnAction(event -> {
            if (!updating) {
                model.toggleSafetyCase();
            }
        });
        rationale.setId("rationale");
        rationale.setPromptText("Why? (free text, Enter saves)");
        rationale.setOnAction(event -> model.setRationale(rationale.getText()));
        rationale.focusedProperty().addListener((obs, was, is) -> {
            if (!is) {
                model.setRationale(rationale.getText());
            }
        });
        HBox.setHgrow(rationale, Priority.ALWAYS);
        HBox row = new HBox(8, safety, rationale);
        row.getStyleClass().add("label-bar");
        getChildren().addAll(reasons, row);
        model.labelProperty().addListener((obs, old, now) -> show(now));
        model.reasonTargetProperty().addListener((obs, old, now) -> show(model.labelProperty().get()));
        model.candidates().addListener((javafx.collections.ListChangeListener<CandidateItem>) change ->
                show(model.labelProperty().get()));
        show(model.labelProperty().get());
    }

    private void show(Label label) {
        updating = true;
        try {
            setDisable(label == null);
            java.util.Set<ReasonTag> shown = model.targetReasons(label);
            toggles.forEach((tag, toggle) -> toggle.setSelected(shown.contains(tag)));
            java.util.List<Integer> targets = new java.util.ArrayList<>(java.util.List.of(0));
            model.candidates().stream().filter(item -> !item.isStreaming()).forEach(item -> targets.add(item.number()));
            if (!target.getItems().equals(targets)) {
                target.getItems().setAll(targets);
            }
            target.setValue(model.reasonTargetProperty().get());
            safety.setSelected(label != null && label.safetyCase());
            rationale.setText(label == null ? "" : label.rationale());
        } finally {
            updating = false;
        }
    }
}
