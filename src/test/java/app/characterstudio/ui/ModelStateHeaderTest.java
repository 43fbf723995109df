package app.characterstudio.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.OfflineMode;
import app.characterstudio.model.Fixtures;
import app.characterstudio.store.ModelStartupSettings;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * One model state in every room: the header of the Model room and of the Chat room say the same after a
 * load and after Eject; the last model loads on start only when the user asked for it.
 */
@ExtendWith(ApplicationExtension.class)
class ModelStateHeaderTest {
    private static final String LOADED = "tiny-index · cpu · fp32";

    @TempDir
    Path workspaceDir;

    private Stage stage;
    private Studio studio;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        OfflineMode.enforce();
        this.stage = stage;
    }

    @AfterEach
    void closeWindow() {
        if (window != null) {
            OnFx.run(window::close);
        }
        if (studio != null) {
            studio.close();
        }
    }

    @Test
    void everyRoomShowsTheSameModelStateAfterALoadAndAfterEject(FxRobot robot) throws Exception {
        Path model = workspaceWithTheTinyModel();
        open();
        assertEquals("No model loaded", headerIn(robot, "#nav-chat"));
        robot.clickOn("#nav-model");
        robot.clickOn("#model-load");
        Label state = robot.lookup("#model-state").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> state.getText().equals(LOADED));
        assertEquals(LOADED, headerIn(robot, "#nav-model"));
        assertEquals(LOADED, headerIn(robot, "#nav-chat"));
        Screenshots.assertDrawn(OnFx.call(() -> Screenshots.save(window.root().getScene(), "model-state-header")));

        robot.clickOn("#model-eject");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("No model loaded", headerIn(robot, "#nav-chat"));
        assertEquals("No model loaded", headerIn(robot, "#nav-model"));
        assertTrue(studio.models().current().isEmpty(), "Eject freed the model in the service");
        assertTrue(robot.lookup("#model-eject").queryAs(Button.class).isDisabled(), "nothing left to eject");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> studio.modelStartup().lastModel().map(ModelStartupSettings.LastModel::folder)
                        .filter(model.toAbsolutePath()::equals).isPresent());
    }

    @Test
    void theLastModelLoadsOnStartWhenAskedFor(FxRobot robot) throws Exception {
        Path model = workspaceWithTheTinyModel();
        try (Studio before = Studio.open(Workspace.open(workspaceDir))) {
            before.modelStartup().rememberLastModel(new ModelStartupSettings.LastModel(model, "cpu", "auto"));
            before.modelStartup().setLoadOnStart(true);
        }
        open();
        Label state = robot.lookup("#model-state").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> state.getText().equals(LOADED));
        assertTrue(studio.models().current().isPresent());
        robot.clickOn("#nav-model");
        assertTrue(robot.lookup("#model-load-on-start").queryAs(CheckBox.class).isSelected());
    }

    @Test
    void theLastModelStaysUnloadedOnStartUnlessAskedAndTheBoxKeepsTheChoice(FxRobot robot) throws Exception {
        Path model = workspaceWithTheTinyModel();
        try (Studio before = Studio.open(Workspace.open(workspaceDir))) {
            before.modelStartup().rememberLastModel(new ModelStartupSettings.LastModel(model, "cpu", "auto"));
        }
        open();
        robot.clickOn("#nav-model");
        CheckBox box = robot.lookup("#model-load-on-start").queryAs(CheckBox.class);
        Thread.sleep(1500); // a start-up load would have begun by now
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("No model loaded", robot.lookup("#model-state").queryAs(Label.class).getText());
        assertTrue(studio.models().current().isEmpty());
        assertFalse(box.isSelected());

        robot.clickOn(box);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> studio.modelStartup().loadOnStart());
        assertEquals("No model loaded", robot.lookup("#model-state").queryAs(Label.class).getText(),
                "ticking the box loads nothing now");
    }

    private Path workspaceWithTheTinyModel() throws Exception {
        Workspace workspace = Workspace.open(workspaceDir);
        return Fixtures.copy(Fixtures.tinyIndex(), Files.createDirectories(workspace.modelsDir()));
    }

    private void open() {
        studio = Studio.open(Workspace.open(workspaceDir));
        OnFx.run(() -> {
            window = new MainWindow(studio, TaskExecutor.background());
            StudioApp.show(stage, window);
        });
    }

    private static String headerIn(FxRobot robot, String room) {
        robot.clickOn(room);
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup("#model-state").queryAs(Label.class).getText();
    }
}
