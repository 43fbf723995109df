package app.characterstudio.ui.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.export.LabelFixture;
import app.characterstudio.persona.Persona;
import app.characterstudio.ui.MainWindow;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.ui.StudioAppAccess;
import app.characterstudio.ui.TaskExecutor;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.chart.BarChart;
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

    private Studio studio;

    @Start
    void start(Stage stage) {
        studio = Studio.open(Workspace.open(workspaceDir));
        studio.personas().save(Persona.named("lin", "林黛玉"));
        studio.personas().save(Persona.named("bao", "贾宝玉"));
        LabelFixture fixture = new LabelFixture(studio.database());
        fixture.bulk("lin", 12, 4);
        fixture.bulk("bao", 5, 3);
        StudioAppAccess.show(stage, new MainWindow(studio, TaskExecutor.currentThread()));
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

        Path out = workspaceDir.resolve("my-dataset");
        robot.clickOn("#export-out").write(out.toString());
        robot.clickOn("#export-run");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#export-result").queryAs(TextField.class).getText().equals(out.toString()));
        assertTrue(Files.isRegularFile(out.resolve("train.json")));
        assertTrue(Files.isRegularFile(out.resolve("dataset_info.json")));
        OnFx.call(() -> Screenshots.save(robot.lookup("#export-run").query().getScene(), "export-dialog-done"));
    }
}
