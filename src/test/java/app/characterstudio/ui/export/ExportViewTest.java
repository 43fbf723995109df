package app.characterstudio.ui.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.export.LabelFixture;
import app.characterstudio.persona.Persona;
import app.characterstudio.store.LabeledSession;
import app.characterstudio.ui.MainWindow;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.ui.StudioAppAccess;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.chart.BarChart;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ExportViewTest {
    @TempDir
    static Path workspaceDir;

    private Path workspace;
    private Studio studio;
    private MainWindow mainWindow;

    private MainWindow window() {
        return mainWindow;
    }

    @Start
    void start(Stage stage) throws Exception {
        workspace = Files.createTempDirectory(workspaceDir, "workspace"); // each test its own labels
        studio = Studio.open(Workspace.open(workspace));
        studio.personas().save(Persona.named("lin", "林黛玉"));
        studio.personas().save(Persona.named("bao", "贾宝玉"));
        LabelFixture fixture = new LabelFixture(studio.database());
        fixture.bulk("lin", 12, 4);
        fixture.bulk("bao", 5, 3);
        mainWindow = new MainWindow(studio, TaskExecutor.currentThread());
        StudioAppAccess.show(stage, mainWindow);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    @Test
    void choosingAFormatPreviewsRowsChartsAndExportsIntoTheChosenFolder(FxRobot robot) throws Exception {
        robot.clickOn("#nav-export");
        WaitForAsyncUtils.waitForFxEvents();
        TextArea preview = robot.lookup("#export-preview-text").queryAs(TextArea.class);
        assertTrue(preview.getText().startsWith("{\"conversations\":[{\"from\":\"human\""), preview.getText());
        assertTrue(preview.getText().contains("以下是贾宝玉的人设"), "persona in the system part (bao sorts first)");
        BarChart<?, ?> lengths = robot.lookup("#export-length-chart").queryAs(BarChart.class);
        assertTrue(lengths.getData().get(0).getData().size() > 0);
        BarChart<?, ?> characters = robot.lookup("#export-character-chart").queryAs(BarChart.class);
        assertEquals(2, characters.getData().get(0).getData().size());
        assertTrue(robot.lookup("#export-characters .list-cell").queryAllAs(javafx.scene.control.ListCell.class).stream()
                        .anyMatch(cell -> "林黛玉  (lin)".equals(cell.getText())),
                "characters are listed by their persona names");
        assertTrue(robot.lookup("#export-counts").queryLabeled().getText().startsWith("63 rows"),
                robot.lookup("#export-counts").queryLabeled().getText());
        OnFx.call(() -> Screenshots.save(robot.lookup("#export-run").query().getScene(), "export-dialog"));

        Path out = exportInto(robot, workspace.resolve("my-dataset"));
        assertTrue(Files.isRegularFile(out.resolve("train.json")));
        assertTrue(Files.isRegularFile(out.resolve("dataset_info.json")));
        OnFx.call(() -> Screenshots.save(robot.lookup("#export-run").query().getScene(), "export-dialog-done"));

        ExportView view = (ExportView) window().views().stream().filter(ExportView.class::isInstance).findFirst()
                .orElseThrow();
        List<Path> opened = new java.util.ArrayList<>();
        view.useFolderOpener(opened::add);
        robot.clickOn("#export-open-folder");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(out), opened, "Open folder shows the export's folder");
        view.useFolderOpener(folder -> {
            throw new java.io.IOException("no file browser");
        });
        robot.clickOn("#export-open-folder");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.model().statusProperty().get().equals("Could not open the folder (no file browser); the files "
                + "are in " + out + "."), view.model().statusProperty().get());
    }

    @Test
    void otherLabelersLabelsAreUsedWhenChosenAndTheirDisagreementsCounted(FxRobot robot) throws Exception {
        // bob labeled every turn as this workspace did, except one where he chose nothing
        studio.database().inTransaction(connection -> {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO merged_labels (turn_id, labeler, chosen_candidate_id, rejected, labeled_at) "
                        + "SELECT l.turn_id, 'bob', l.chosen_candidate_id, coalesce((SELECT group_concat(candidate_id) "
                        + "FROM (SELECT candidate_id FROM label_rejections r WHERE r.turn_id = l.turn_id "
                        + "ORDER BY candidate_id)), ''), l.labeled_at + 1 FROM labels l");
                statement.execute("UPDATE merged_labels SET chosen_candidate_id = NULL "
                        + "WHERE id = (SELECT min(id) FROM merged_labels)");
            }
            return null;
        });
        robot.clickOn("#nav-export");
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.ComboBox<?> labels = robot.lookup("#export-labels").queryAs(javafx.scene.control.ComboBox.class);
        assertTrue(labels.getItems().contains("bob"), "the labelers with labels are offered: " + labels.getItems());
        String mine = robot.lookup("#export-counts").queryLabeled().getText();
        assertTrue(mine.contains("\nLabels: own labels\n"), mine);

        OnFx.run(() -> labels.getSelectionModel().select(labels.getItems().indexOf("all")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#export-counts").queryLabeled().getText()
                .contains("Labels: all labelers"));
        String all = robot.lookup("#export-counts").queryLabeled().getText();
        assertTrue(all.contains("Labels: all labelers, 1 turns the labelers disagree on skipped"), all);
        assertTrue(all.contains("1 labelers disagree"), all);
        for (int[] size : new int[][] {{1600, 1000}, {1280, 720}}) {
            OnFx.run(() -> {
                javafx.stage.Window window = labels.getScene().getWindow();
                window.setWidth(size[0]);
                window.setHeight(size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            Screenshots.assertDrawn(OnFx.call(() -> Screenshots.save(labels.getScene(),
                    "export-labelers-" + size[0] + "x" + size[1])));
        }

        javafx.scene.control.CheckBox skip = robot.lookup("#export-skip-conflicts").queryAs(javafx.scene.control.CheckBox.class);
        OnFx.run(skip::fire); // below the fold of the options' scrolling column
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#export-counts").queryLabeled().getText()
                .contains("Labels: all labelers, where the labelers disagree the newest label"));
        assertTrue(!robot.lookup("#export-counts").queryLabeled().getText().contains("1 labelers disagree"));
    }

    @Test
    void pickingACharacterAndOneOfItsSessionsPreviewsAndExportsOnlyThatSession(FxRobot robot) throws Exception {
        robot.clickOn("#nav-export");
        WaitForAsyncUtils.waitForFxEvents();
        ListView<LabeledSession> sessions = robot.lookup("#export-sessions").queryListView();
        assertEquals(17, sessions.getItems().size(), "every labeled session of both characters");
        assertTrue(cells(robot, "#export-sessions").stream().anyMatch(cell -> cell.getText().contains("贾宝玉  (bao) · ")
                        && cell.getText().endsWith("3 labeled turns")),
                "sessions show heading, character, day and labeled turns");

        ListCell<LabeledSession> second = ExportViewTest.<LabeledSession>cells(robot, "#export-sessions").get(1);
        long chosen = second.getItem().id();
        assertEquals("bao", second.getItem().characterId(), "bao's sessions are the newest");
        assertTrue(second.getText().startsWith("s" + chosen + "t0 "), second.getText());
        robot.clickOn(second);

        robot.clickOn(cell(robot, "#export-characters", "贾宝玉  (bao)"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(5, sessions.getItems().size(), "narrowed to bao's sessions");
        assertTrue(sessions.getItems().stream().allMatch(s -> s.characterId().equals("bao")));
        assertEquals(List.of(chosen), sessions.getSelectionModel().getSelectedItems().stream()
                .map(LabeledSession::id).toList(), "the chosen session stays chosen when the list narrows");
        List<Long> others = sessions.getItems().stream().map(LabeledSession::id).toList();
        robot.clickOn("#export-preview");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#export-counts").queryLabeled().getText()
                .startsWith("3 rows (train 3, validation 0)"));
        assertEquals(List.of(chosen), sessions.getSelectionModel().getSelectedItems().stream()
                .map(LabeledSession::id).toList(), "the session stays chosen after the preview");
        assertEquals(List.of("bao"), robot.lookup("#export-characters").queryListView().getSelectionModel()
                .getSelectedItems(), "the character stays chosen after the preview");
        OnFx.call(() -> Screenshots.save(robot.lookup("#export-run").query().getScene(), "export-dialog-session"));

        Path out = exportInto(robot, workspace.resolve("one-session"));
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals("[" + chosen + "]", manifest.get("options").get("sessions").toString());
        assertEquals("[\"bao\"]", manifest.get("options").get("characters").toString());
        String train = Files.readString(out.resolve("train.json"));
        assertEquals(3, new ObjectMapper().readTree(train).size());
        for (long other : others) {
            assertEquals(other == chosen, train.contains("\"s" + other + "t"), "session " + other + " in the file");
        }
    }

    /** The preview reads as records: SFT a prompt and its reply; a preference format chosen beside rejected. */
    @Test
    @SuppressWarnings("unchecked")
    void thePreviewShowsReadableRecordsWithTheRawJsonOneTabAway(FxRobot robot) throws Exception {
        robot.clickOn("#nav-export");
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.TabPane tabs = robot.lookup("#export-preview-tabs").queryAs(javafx.scene.control.TabPane.class);
        assertEquals("Records", tabs.getSelectionModel().getSelectedItem().getText());
        javafx.scene.control.Labeled reply = robot.lookup("#export-record-chosen-0").queryLabeled();
        assertTrue(reply.isVisible() && !reply.getText().isBlank());
        assertTrue(robot.lookup("#export-record-prompt-0").queryLabeled().getText().contains(": "));
        assertTrue(robot.lookup("#export-record-rejected-0-0").tryQuery().isEmpty(), "an SFT row has no rejected side");
        TextArea raw = robot.lookup("#export-preview-text").queryAs(TextArea.class);
        String quoted = new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(reply.getText()));
        assertTrue(raw.getText().contains(quoted), "the record's reply is the raw row's: " + quoted);

        OnFx.run(() -> robot.lookup("#export-format").queryAs(javafx.scene.control.ComboBox.class).getItems().stream()
                .filter(f -> ((app.characterstudio.export.DatasetFormat) f).id().equals("sharegpt-dpo")).findFirst()
                .ifPresent(f -> ((javafx.scene.control.ComboBox<Object>) robot.lookup("#export-format").query()).setValue(f)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#export-record-rejected-0-0").tryQuery().isPresent());
        javafx.scene.control.Labeled chosen = robot.lookup("#export-record-chosen-0").queryLabeled();
        javafx.scene.control.Labeled rejected = robot.lookup("#export-record-rejected-0-0").queryLabeled();
        assertTrue(!chosen.getText().equals(rejected.getText()));
        // the new record cards are in the scene before their first layout pass: wait for it to settle
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> OnFx.call(() -> Math.abs(
                    chosen.localToScene(chosen.getBoundsInLocal()).getMinY()
                    - rejected.localToScene(rejected.getBoundsInLocal()).getMinY()) <= 1.0));
        } catch (java.util.concurrent.TimeoutException e) {
            // not side by side after 5 s: the assertion below says where each one is
        }
        javafx.geometry.Bounds left = OnFx.call(() -> chosen.localToScene(chosen.getBoundsInLocal()));
        javafx.geometry.Bounds right = OnFx.call(() -> rejected.localToScene(rejected.getBoundsInLocal()));
        assertEquals(left.getMinY(), right.getMinY(), 1.0, "side by side");
        assertTrue(left.getMaxX() <= right.getMinX(), "chosen left of rejected");
        assertTrue(raw.getText().contains("\"rejected\""), raw.getText());

        javafx.stage.Stage stage = (javafx.stage.Stage) OnFx.call(() -> chosen.getScene().getWindow());
        for (int[] size : new int[][] {{1600, 1000}, {1280, 720}}) {
            OnFx.run(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            Screenshots.assertDrawn(OnFx.call(() -> Screenshots.save(stage.getScene(),
                    "export-records-" + size[0] + "x" + size[1])));
        }
        OnFx.run(() -> tabs.getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(raw.isVisible());
    }

    @Test
    void pickingACharacterUpdatesThePreviewWithoutClickingUpdate(FxRobot robot) throws Exception {
        robot.clickOn("#nav-export");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#export-counts").queryLabeled().getText().startsWith("63 rows"),
                robot.lookup("#export-counts").queryLabeled().getText());

        robot.clickOn(cell(robot, "#export-characters", "林黛玉  (lin)"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#export-counts").queryLabeled().getText()
                .startsWith("48 rows"));
        TextArea preview = robot.lookup("#export-preview-text").queryAs(TextArea.class);
        assertTrue(preview.getText().contains("以下是林黛玉的人设") && !preview.getText().contains("以下是贾宝玉的人设"),
                "the first rows are lin's now: " + preview.getText());
    }

    @Test
    void theSystemPartChoicesAreVisibleWithoutScrollingExplainedAndTheStoredPromptIsTheDefault(FxRobot robot)
            throws Exception {
        robot.clickOn("#nav-export");
        WaitForAsyncUtils.waitForFxEvents();
        for (double[] size : new double[][] {{1600, 1000}, {1280, 720}}) {
            OnFx.run(() -> {
                javafx.stage.Window window = robot.lookup("#export-run").query().getScene().getWindow();
                window.setWidth(size[0]);
                window.setHeight(size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            for (String id : List.of("stored", "template", "persona")) {
                javafx.scene.control.RadioButton choice = robot.lookup("#export-system-" + id)
                        .queryAs(javafx.scene.control.RadioButton.class);
                javafx.scene.control.ScrollPane scroll = (javafx.scene.control.ScrollPane) ancestor(choice,
                        javafx.scene.control.ScrollPane.class);
                javafx.geometry.Bounds inViewport = OnFx.call(() -> scroll.lookup(".viewport")
                        .sceneToLocal(choice.localToScene(choice.getBoundsInLocal())));
                double viewport = OnFx.call(() -> scroll.getViewportBounds().getHeight());
                assertEquals(0.0, scroll.getVvalue());
                assertTrue(inViewport.getMinY() >= 0 && inViewport.getMaxY() <= viewport,
                        id + " is cut off at " + size[0] + "x" + size[1] + ": " + inViewport + " in " + viewport);
                assertTrue(choice.getTooltip() != null && choice.getTooltip().getText().length() > 40,
                        id + " is explained in a tooltip");
            }
            OnFx.call(() -> Screenshots.save(robot.lookup("#export-run").query().getScene(),
                    "export-system-part-" + (int) size[0] + "x" + (int) size[1]));
        }
        assertTrue(robot.lookup("#export-system-stored").queryAs(javafx.scene.control.RadioButton.class).isSelected());
        assertTrue(robot.lookup("#export-counts").queryLabeled().getText().contains("System part: As generated"),
                robot.lookup("#export-counts").queryLabeled().getText());

        robot.clickOn("#export-system-persona");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#export-counts").queryLabeled().getText()
                .contains("System part: Persona only"));
        TextArea preview = robot.lookup("#export-preview-text").queryAs(TextArea.class);
        assertTrue(preview.getText().contains("\"system\":\"以下是贾宝玉的人设：") && !preview.getText().contains("请你扮演"),
                preview.getText());
    }

    private static javafx.scene.Node ancestor(javafx.scene.Node node, Class<?> type) {
        for (javafx.scene.Node at = node; at != null; at = at.getParent()) {
            if (type.isInstance(at)) {
                return at;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " above " + node);
    }

    /** Types the folder, clicks Export and waits until the written folder is shown. */
    private static Path exportInto(FxRobot robot, Path out) throws Exception {
        robot.clickOn("#export-out").write(out.toString());
        robot.clickOn("#export-run");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#export-result").queryAs(TextField.class).getText().equals(out.toString()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<ListCell<T>> cells(FxRobot robot, String list) {
        return robot.lookup(list + " .list-cell").queryAllAs(ListCell.class).stream()
                .filter(cell -> cell.getItem() != null && cell.isVisible())
                .map(cell -> (ListCell<T>) cell)
                .sorted(java.util.Comparator.comparingInt(ListCell::getIndex)).toList();
    }

    private static ListCell<Object> cell(FxRobot robot, String list, String text) {
        return ExportViewTest.<Object>cells(robot, list).stream().filter(c -> text.equals(c.getText())).findFirst()
                .orElseThrow(() -> new AssertionError("no cell '" + text + "' in " + list));
    }
}
