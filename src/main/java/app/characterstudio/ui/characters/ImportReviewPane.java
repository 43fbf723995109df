package app.characterstudio.ui.characters;

import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;

/**
 * The review step of an import of Chinese profiles: what each key of the file became (a persona field,
 * merged into one, an extra field, dropped as a repeat or as empty), then Import or Cancel. Shown over
 * the editor while profiles wait; nothing is written before Import.
 */
final class ImportReviewPane extends VBox {
    ImportReviewPane(CharactersViewModel model) {
        setId("import-review");
        getStyleClass().add("import-review");
        setSpacing(8);
        setPadding(new Insets(16));
        setStyle("-fx-background-color: -color-bg-default;");
        Label title = new Label("Review the import");
        title.getStyleClass().add("view-title");
        Label hint = new Label("What each key of the profile became in the persona sheet. Nothing is written until "
                + "you press Import.");
        hint.setWrapText(true);
        hint.getStyleClass().add("muted");
        TableView<CharactersViewModel.ReviewRow> table = new TableView<>(model.review());
        table.setId("import-review-table");
        table.getColumns().add(column("File", CharactersViewModel.ReviewRow::file, 110));
        table.getColumns().add(column("Character", CharactersViewModel.ReviewRow::character, 100));
        table.getColumns().add(column("Key", CharactersViewModel.ReviewRow::key, 110));
        table.getColumns().add(column("Became", CharactersViewModel.ReviewRow::became, 330));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(table, Priority.ALWAYS);
        Button confirm = new Button("Import");
        confirm.setId("import-review-confirm");
        confirm.getStyleClass().add("accent");
        confirm.setOnAction(event -> model.confirmImport());
        Button cancel = new Button("Cancel");
        cancel.setId("import-review-cancel");
        cancel.setOnAction(event -> model.discardImport());
        getChildren().addAll(title, hint, table, new HBox(8, confirm, cancel));
        visibleProperty().bind(Bindings.isNotEmpty(model.review()));
    }

    private static TableColumn<CharactersViewModel.ReviewRow, String> column(
            String name, Function<CharactersViewModel.ReviewRow, String> text, double width) {
        TableColumn<CharactersViewModel.ReviewRow, String> column = new TableColumn<>(name);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue())));
        column.setPrefWidth(width);
        column.setCellFactory(c -> new TableCell<>() {
            private final Text wrapped = new Text();

            {
                wrapped.wrappingWidthProperty().bind(column.widthProperty().subtract(12));
                wrapped.getStyleClass().add("text");
                wrapped.fillProperty().bind(textFillProperty());
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                wrapped.setText(empty || item == null ? "" : item);
                setGraphic(empty ? null : wrapped);
            }
        });
        return column;
    }
}
