package app.characterstudio.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.characterstudio.persona.Persona;
import app.characterstudio.ui.kit.StudioView;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every room but the Chat (ChatLayoutTest holds that one, with replies on screen) at 1280x720 cuts nothing
 * off, and each is saved at 1600x1000 and 1280x720.
 */
@ExtendWith(ApplicationExtension.class)
class RoomsLayoutTest {
    private static final List<String> ROOMS = List.of("Characters", "Scripts", "Model", "Export", "Evaluate", "Labelers");

    @TempDir
    static Path workspaceDir;

    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Studio studio = Studio.open(Workspace.open(workspaceDir));
        studio.personas().save(Persona.named("erer", "二二"));
        window = new MainWindow(studio, TaskExecutor.currentThread());
        StudioApp.show(stage, window);
    }

    @Test
    void everyRoomAt1280x720CutsNothingOff(FxRobot robot) {
        Map<String, List<String>> cut = new LinkedHashMap<>();
        for (String title : ROOMS) {
            StudioView room = window.views().stream().filter(v -> v.title().equals(title)).findFirst()
                    .orElseThrow(() -> new AssertionError("no room " + title));
            String name = title.toLowerCase(Locale.ROOT);
            OnFx.run(() -> window.select(room));
            resize(1600, 1000);
            Path large = OnFx.call(() -> Screenshots.save(window.root().getScene(), "room-" + name + "-1600x1000"));
            resize(1280, 720);
            Path small = OnFx.call(() -> Screenshots.save(window.root().getScene(), "room-" + name + "-1280x720"));
            Screenshots.assertDrawn(large, small);
            List<String> found = OnFx.call(() -> LayoutCheck.cutOff(window.root().getScene()));
            if (!found.isEmpty()) {
                cut.put(title, found);
            }
        }
        assertEquals(Map.of(), cut, "cut off at 1280x720");
    }

    private void resize(double width, double height) {
        OnFx.run(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        WaitForAsyncUtils.waitForFxEvents();
        OnFx.run(() -> window.root().getScene().getRoot().layout());
        WaitForAsyncUtils.waitForFxEvents();
    }
}
