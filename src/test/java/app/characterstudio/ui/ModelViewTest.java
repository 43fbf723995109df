package app.characterstudio.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.FlowPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The model panel in the real window: load the tiny fixture model from models/ and generate. */
@ExtendWith(ApplicationExtension.class)
class ModelViewTest {
    @TempDir
    static Path workspaceDir;

    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        OfflineMode.enforce();
        Workspace workspace = Workspace.open(workspaceDir);
        Files.createDirectories(workspace.modelsDir());
        if (!Files.exists(workspace.modelsDir().resolve("tiny-index"))) {
            Fixtures.copy(Fixtures.tinyIndex(), workspace.modelsDir());
        }
        window = new MainWindow(Studio.open(workspace), TaskExecutor.background());
        StudioApp.show(stage, window);
        stage.setWidth(1180);
        stage.setHeight(860);
    }

    @Test
    void loadsTheFixtureModelGeneratesCandidatesAndSavesAScreenshot(FxRobot robot) throws Exception {
        robot.clickOn("#nav-model");
        robot.clickOn("#model-load");
        Label summary = robot.lookup("#model-summary").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> summary.getText().contains("Device"));
        assertTrue(summary.getText().contains("cpu"), summary.getText());
        OnFx.run(() -> {
            robot.lookup("#model-prompt").queryAs(TextArea.class)
                    .setText("请你扮演“小明”与用户“user”进行对话。\nuser:你好！\n小明:");
            robot.lookup("#model-seed").queryAs(javafx.scene.control.TextField.class).setText("8");
            robot.lookup("#model-max-tokens").queryAs(javafx.scene.control.TextField.class).setText("16");
        });
        Button generate = robot.lookup("#model-generate").queryAs(Button.class);
        assertFalse(generate.isDisabled());
        robot.clickOn(generate);
        Label status = robot.lookup("#model-generation-status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().contains("tokens/s"));
        WaitForAsyncUtils.waitForFxEvents();
        FlowPane outputs = robot.lookup("#model-outputs").queryAs(FlowPane.class);
        assertEquals(3, outputs.getChildren().size(), "three candidates by default");
        assertEquals("", robot.lookup("#model-error").queryAs(Label.class).getText());
        Path shot = OnFx.call(() -> Screenshots.save(window.root().getScene(), "model-panel"));
        Screenshots.assertDrawn(shot);
        OnFx.run(window::close);
    }

    /** The precision switch: bf16 or int8 chosen in the window, and the panel says which precision runs and why. */
    @ParameterizedTest
    @ValueSource(strings = {"bf16", "fp16w", "int8"})
    void loadsInTheChosenPrecisionAndSaysWhy(String dtype, FxRobot robot) throws Exception {
        robot.clickOn("#nav-model");
        robot.clickOn("#model-dtype");
        robot.clickOn(dtype);
        robot.clickOn("#model-load");
        Label summary = robot.lookup("#model-summary").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> summary.getText().contains("Device"));
        assertTrue(summary.getText().contains("Dtype: " + dtype + " — " + dtype + " requested"), summary.getText());
        assertEquals("", robot.lookup("#model-error").queryAs(Label.class).getText());
        Path shot = OnFx.call(() -> Screenshots.save(window.root().getScene(), "model-panel-" + dtype));
        Screenshots.assertDrawn(shot);
        OnFx.run(window::close);
    }
}
