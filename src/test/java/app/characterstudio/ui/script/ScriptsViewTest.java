package app.characterstudio.ui.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.persona.Persona;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.ui.kit.Styles;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import atlantafx.base.theme.PrimerLight;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ScriptsViewTest {
    @TempDir
    static Path dir;
    private static Studio studio;
    private ScriptsView view;

    @Start
    void start(Stage stage) throws IOException {
        studio = Studio.open(Workspace.open(dir.resolve("ws")));
        studio.personas().save(Persona.named("erer", "二二"));
        view = new ScriptsView(studio, TaskExecutor.currentThread());
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Scene scene = new Scene(new javafx.scene.layout.StackPane(view.node()), 1280, 800);
        Styles.apply(scene);
        stage.setScene(scene);
        stage.show();
    }

    @AfterAll
    static void closeStudio() {
        if (studio != null) {
            studio.close();
        }
    }

    private static Path fixture(String resource, String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = ScriptsViewTest.class.getResourceAsStream(resource)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    @Test
    void importThenRetrieveInTheWindow(FxRobot robot) throws IOException {
        Path script = fixture("/script/retrieval.txt", "二二三三.txt");
        Path gb = fixture("/script/gb18030.txt", "客栈-gb18030.txt");
        OnFx.run(() -> view.importModel().addFiles(List.of(script)));
        robot.clickOn("#script-import");
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> speakers = robot.lookup("#script-speakers").queryAs(TableView.class);
        assertEquals(3, speakers.getItems().size());
        assertTrue(view.importModel().statusProperty().get().contains("24 exchanges added"));
        OnFx.run(() -> view.importModel().addFiles(List.of(gb)));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, robot.lookup("#script-preview").queryAs(TableView.class).getItems().size());
        OnFx.call(() -> Screenshots.save(view.node().getScene(), "scripts-import"));

        OnFx.run(() -> view.tabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#script-browse-search");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#script-browse-scenes").queryAs(ListView.class).getItems().size() > 0);

        OnFx.run(() -> view.tabs().getSelectionModel().select(2));
        WaitForAsyncUtils.waitForFxEvents();
        OnFx.run(() -> view.retrievalModel().characterProperty().set(view.retrievalModel().characters().stream()
                .filter(c -> c.name().equals("三三")).findFirst().orElseThrow()));
        robot.clickOn("#script-conversation").write("user：我们在野外迷路了，怎么判断南北方向？");
        robot.clickOn("#script-retrieve");
        WaitForAsyncUtils.waitForFxEvents();
        ListView<?> results = robot.lookup("#script-results").queryAs(ListView.class);
        assertTrue(results.getItems().size() > 0);
        String prepared = robot.lookup("#script-prepared").queryAs(TextArea.class).getText();
        assertTrue(prepared.contains("三三：看树的年轮和太阳的位置就能判断南北。"), prepared);
        OnFx.call(() -> Screenshots.save(view.node().getScene(), "scripts-retrieval"));
    }

    /** The import log scrolls, keeps what the import said, and starts empty again when a new file is added. */
    @Test
    void theImportLogClearsOnANewFile(FxRobot robot) throws IOException {
        Path script = fixture("/script/retrieval.txt", "log-二二三三.txt");
        Path csv = fixture("/script/utf8-bom.csv", "log-next.csv");
        OnFx.run(() -> view.importModel().addFiles(List.of(script)));
        robot.clickOn("#script-import");
        WaitForAsyncUtils.waitForFxEvents();
        TextArea log = robot.lookup("#script-import-log").queryAs(TextArea.class);
        assertTrue(log.getText().contains("exchanges added") || log.getText().contains("already imported"), log.getText());
        assertTrue(!log.isEditable());
        OnFx.run(() -> view.importModel().addFiles(List.of(csv)));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", log.getText(), "the previous import's log stays after a new file");
        OnFx.run(() -> view.importModel().clearFiles());
    }

    /** The link-to-persona choice narrows to the personas whose name, id or alias holds the filter text. */
    @Test
    void thePersonaListForLinkingFilters(FxRobot robot) {
        OnFx.run(() -> {
            studio.personas().save(Persona.named("beatrix", "Beatrix"));
            studio.personas().save(Persona.named("ayaka", "Ayaka"));
            view.importModel().refresh();
        });
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.ComboBox<?> choice = robot.lookup("#script-link-persona").queryAs(javafx.scene.control.ComboBox.class);
        int all = choice.getItems().size();
        assertTrue(all >= 3, "personas offered: " + all);
        robot.clickOn("#script-persona-filter").write("aya");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, choice.getItems().size());
        assertEquals("ayaka", ((Persona) choice.getItems().get(0)).id());
        OnFx.run(() -> {
            Screenshots.save(view.node().getScene(), "scripts-link-filter-1280x800");
            ((javafx.scene.control.TextField) robot.lookup("#script-persona-filter").query()).clear();
        });
        assertEquals(all, choice.getItems().size());
        OnFx.run(() -> { // the other tests expect 二二 as the only persona
            studio.personas().delete("beatrix");
            studio.personas().delete("ayaka");
            view.importModel().refresh();
        });
    }
}
