package app.characterstudio.ui.models;

import app.characterstudio.backend.Backend;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The Backends section of the Model room: the inference servers, add, check, remove. */
final class BackendsPane {
    private BackendsPane() {
    }

    static Node of(BackendsViewModel vm) {
        Label heading = new Label("Backends");
        heading.getStyleClass().add("section-title");
        Label about = new Label("Inference servers that speak the OpenAI completions API (vLLM, llama.cpp's server, …). "
                + "The local engine stays the default; a room sends its replies to a backend only when chosen there. "
                + "The API key is read from the environment variable named here and is never stored.");
        about.getStyleClass().add("muted");
        about.setWrapText(true);
        ListView<Backend> list = new ListView<>(vm.backends);
        list.setId("backend-list");
        list.setPrefHeight(110);
        list.setPlaceholder(new Label("No backend: everything runs on the local engine."));
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(Backend item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name() + " · " + item.model() + " · "
                        + String.join(", ", item.urls().stream().map(Object::toString).toList()) + " · concurrency "
                        + item.concurrency() + " · timeout " + item.timeout().toSeconds() + " s"
                        + (item.apiKeyEnv().isEmpty() ? "" : " · key from $" + item.apiKeyEnv()));
            }
        });
        Button check = new Button("Check");
        check.setId("backend-check");
        check.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull().or(vm.checking));
        check.setOnAction(e -> vm.check(list.getSelectionModel().getSelectedItem()));
        Button remove = new Button("Remove");
        remove.setId("backend-remove");
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> vm.remove(list.getSelectionModel().getSelectedItem()));
        HBox actions = new HBox(8, check, remove);
        FlowPane form = new FlowPane(8, 6,
                ModelView.field("Name", vm.name, "backend-name", 8), ModelView.field("URLs", vm.urls, "backend-urls", 24),
                ModelView.field("Served model", vm.servedModel, "backend-model", 14),
                ModelView.field("API key variable", vm.apiKeyEnv, "backend-key-env", 10),
                ModelView.field("Concurrency", vm.concurrency, "backend-concurrency", 3),
                ModelView.field("Timeout (s)", vm.timeoutSeconds, "backend-timeout", 4));
        form.setAlignment(Pos.CENTER_LEFT);
        Button add = new Button("Add backend");
        add.setId("backend-add");
        add.setOnAction(e -> vm.add());
        Label status = new Label();
        status.setId("backend-status");
        status.getStyleClass().add("muted");
        status.setWrapText(true);
        status.textProperty().bind(vm.status);
        TextArea report = new TextArea();
        report.setId("backend-report");
        report.setEditable(false);
        report.setPrefRowCount(8);
        report.textProperty().bind(vm.report);
        report.visibleProperty().bind(vm.report.isNotEmpty());
        report.managedProperty().bind(report.visibleProperty());
        VBox pane = new VBox(6, heading, about, list, actions, form, add, status, report);
        pane.setId("backends-pane");
        return pane;
    }
}
