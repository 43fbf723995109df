package app.characterstudio.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.OfflineMode;
import app.characterstudio.model.Fixtures;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** In the window: loading a broken model after a working one keeps the working one, and says so. */
@ExtendWith(ApplicationExtension.class)
class ModelLoadFailureViewTest {
    @TempDir
    static Path workspaceDir;

    private MainWindow window;
    private Studio studio;

    @Start
    void start(Stage stage) throws Exception {
        OfflineMode.enforce();
        Workspace workspace = Workspace.open(workspaceDir);
        Path good = Fixtures.copy(Fixtures.tinyIndex(), Files.createDirectories(workspace.modelsDir()));
        Path broken = Files.createDirectories(workspace.modelsDir().resolve("z-broken"));
        Files.copy(good.resolve("config.json"), broken.resolve("config.json"));
        studio = Studio.open(workspace);
        window = new MainWindow(studio, TaskExecutor.background());
        StudioApp.show(stage, window);
    }

    @Test
    void aFailedLoadKeepsTheWorkingModel(FxRobot robot) throws Exception {
        robot.clickOn("#nav-model");
        ComboBox<Path> folders = robot.lookup("#model-folders").query();
        OnFx.run(() -> folders.setValue(folders.getItems().get(0)));
        robot.clickOn("#model-load");
        Label summary = robot.lookup("#model-summary").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> summary.getText().contains("Device"));
        String working = summary.getText();

        OnFx.run(() -> folders.setValue(folders.getItems().get(1)));
        robot.clickOn("#model-load");
        Label error = robot.lookup("#model-error").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !error.getText().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(error.getText().endsWith("tiny-index is still loaded."), error.getText());
        assertTrue(summary.getText().equals(working), summary.getText());
        assertTrue(studio.models().current().isPresent(), "the service still holds it");
        assertFalse(robot.lookup("#model-generate").queryAs(Button.class).isDisabled(), "and it can generate");
        OnFx.call(() -> Screenshots.save(window.root().getScene(), "model-failed-load-keeps-working"));
        OnFx.run(window::close);
    }
}
