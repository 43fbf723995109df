package app.characterstudio.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.ui.kit.Styles;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    @TempDir
    static Path workspaceDir;

    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(Studio.open(Workspace.open(workspaceDir)), TaskExecutor.currentThread());
        StudioApp.show(stage, window);
    }

    @Test
    void windowShowsTheSidebarAndSavesAScreenshot(FxRobot robot) {
        assertFalse(window.views().isEmpty());
        robot.lookup(".nav-button").queryAll().forEach(button -> assertTrue(button.isVisible()));
        Path shot = OnFx.call(() -> Screenshots.save(window.root().getScene(), "main-window"));
        Screenshots.assertDrawn(shot);
    }

    @Test
    void chineseTextRendersAsGlyphsNotBoxes() {
        assertTrue(Styles.cjkFamily().isPresent(),
                "no CJK-capable font installed (Debian: fonts-wqy-microhei); Chinese would render as boxes");
        BufferedImage chinese = OnFx.call(() -> render("你", Styles.cjkFamily().get()));
        BufferedImage unassigned = OnFx.call(() -> render("\u0378", Styles.cjkFamily().get()));
        assertFalse(samePixels(chinese, unassigned), "你 renders exactly like an unassigned code point (a box)");
    }

    private static BufferedImage render(String text, String family) {
        Text node = new Text(text);
        node.setFont(Font.font(family, 32));
        new Scene(new javafx.scene.Group(node));
        return Screenshots.toBufferedImage(node.snapshot(new SnapshotParameters(), null));
    }

    private static boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        return Arrays.equals(a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()),
                b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()));
    }
}
