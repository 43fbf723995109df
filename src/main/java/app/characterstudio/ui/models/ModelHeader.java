package app.characterstudio.ui.models;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The header above every room: the model state and an Eject button that frees the model. */
public final class ModelHeader {
    private ModelHeader() {
    }

    public static Node of(ModelViewModel vm) {
        Label state = new Label();
        state.setId("model-state");
        state.getStyleClass().add("model-state");
        state.textProperty().bind(vm.state().textProperty());
        Button eject = new Button("Eject");
        eject.setId("model-eject");
        eject.setTooltip(new Tooltip("Unload the model and free its memory"));
        eject.disableProperty().bind(vm.state().loadedProperty().not().or(vm.state().loadingProperty())
                .or(vm.generating));
        eject.setOnAction(e -> vm.unload());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(8, spacer, new Label("Model:"), state, eject);
        header.getStyleClass().add("room-header");
        header.setAlignment(Pos.CENTER_RIGHT);
        header.setPadding(new Insets(6, 16, 6, 16));
        return header;
    }
}
