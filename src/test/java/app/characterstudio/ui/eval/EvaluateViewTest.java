package app.characterstudio.ui.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.eval.EvalFixtures;
import app.characterstudio.eval.EvalReport;
import app.characterstudio.eval.EvalService;
import app.characterstudio.eval.FakeGenerator;
import app.characterstudio.eval.Metric;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.store.EvalRepository;
import app.characterstudio.store.EvalRepository.ItemRow;
import app.characterstudio.store.EvalRepository.RunRow;
import app.characterstudio.ui.MainWindow;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.ui.StudioAppAccess;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.chart.BarChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
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
class EvaluateViewTest {
    @TempDir
    static Path dir;

    private Studio studio;
    private MainWindow window;
    private final FakeGenerator generator = new FakeGenerator();

    @Start
    void start(Stage stage) throws Exception {
        studio = EvalFixtures.studio(Files.createTempDirectory(dir, "case"), generator);
        // the run records the loaded model's name and weights; the replies come from the fake chat ports
        studio.models().load(EvalFixtures.resource("tiny-index"), LoadOptions.DEFAULTS, LoadProgress.IGNORE,
                Cancellation.NEVER);
        window = new MainWindow(studio, TaskExecutor.currentThread());
        StudioAppAccess.show(stage, window);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    @Test
    void importRunCancelResumeCompareAndRateInTheEvaluateRoom(FxRobot robot) {
        EvaluateView view = (EvaluateView) window.views().stream().filter(v -> v.title().equals("Evaluate"))
                .findFirst().orElseThrow();
        generator.afterCall = calls -> {
            if (calls == 2) {
                view.model().cancel();
            }
        };
        robot.clickOn("#nav-evaluate");
        robot.clickOn("#eval-import-folder").write(EvalFixtures.resource("charactereval").toString());
        robot.clickOn("#eval-import");
        WaitForAsyncUtils.waitForFxEvents();
        ListView<?> sets = robot.lookup("#eval-sets").queryAs(ListView.class);
        assertEquals(1, sets.getItems().size());
        assertTrue(robot.lookup("#eval-status").queryLabeled().getText().contains("4 items"),
                robot.lookup("#eval-status").queryLabeled().getText());

        robot.doubleClickOn("#eval-temperature").write("hot");
        robot.clickOn("#eval-run");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("The temperature must be a number, not 'hot'.", robot.lookup("#eval-status").queryLabeled().getText());
        assertEquals(0, generator.prompts.size(), "a bad field runs nothing");
        robot.doubleClickOn("#eval-temperature").write("0.5");
        robot.doubleClickOn("#eval-seed").write("9");
        robot.clickOn("#eval-run");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#eval-status").queryLabeled().getText().startsWith("Stopped: 2 of 4"),
                robot.lookup("#eval-status").queryLabeled().getText());
        robot.clickOn("#eval-run");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#eval-status").queryLabeled().getText().startsWith("Done: 4 of 4"),
                robot.lookup("#eval-status").queryLabeled().getText());
        assertEquals(4, generator.prompts.size(), "the second click resumed the run");

        robot.clickOn("#eval-limit").write("3");
        robot.clickOn("#eval-run");
        WaitForAsyncUtils.waitForFxEvents();
        List<RunRow> runs = studio.evals().runs();
        assertEquals(2, runs.size());
        assertEquals("tiny-index", runs.get(0).modelName());
        assertTrue(runs.get(0).samplingJson().contains("\"temperature\":0.5") && runs.get(0).samplingJson()
                .contains("\"seed\":9") && runs.get(0).samplingJson().contains("\"max_new_tokens\":300"),
                runs.get(0).samplingJson());
        scoreAsIfByAnRm(runs);

        OnFx.run(() -> {
            view.model().compareRun().set(null);
            view.model().selectedRun().set(null);
            view.model().selectedRun().set(runs.get(0));
            @SuppressWarnings("unchecked")
            ComboBox<RunRow> compare = robot.lookup("#eval-compare").queryAs(ComboBox.class);
            compare.setValue(runs.get(1));
        });
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup("#eval-report-table").queryAs(TableView.class);
        assertTrue(table.getItems().size() >= 5, "metrics, groups, average, characters, length");
        BarChart<?, ?> chart = robot.lookup("#eval-chart").queryAs(BarChart.class);
        assertEquals(2, chart.getData().size(), "one series per run");
        assertEquals(view.model().report().get().metrics().size(), chart.getData().get(0).getData().size());
        assertTrue(view.model().report().get().metrics().get(0).paired() != null);

        List<EvalReport.Cell> cells = view.model().report().get().characterMetrics();
        assertFalse(cells.isEmpty());
        robot.clickOn("Characters × metrics");
        WaitForAsyncUtils.waitForFxEvents();
        List<javafx.scene.Node> squares = new ArrayList<>(robot.lookup(".eval-heat-cell").queryAll());
        assertEquals(cells.size(), squares.size(), "one square per character and metric with scores");
        EvalReport.Cell lowest = cells.stream().min(java.util.Comparator.comparingDouble(c -> c.mean().mean()))
                .orElseThrow();
        javafx.scene.Node lowSquare = squares.stream().filter(n -> n.getUserData() == lowest).findFirst().orElseThrow();
        assertTrue(lowSquare.getStyle().contains(EvaluateView.heatColor(0)), lowSquare.getStyle());
        assertEquals(String.format(java.util.Locale.ROOT, "%.2f", lowest.mean().mean()),
                ((javafx.scene.control.Label) lowSquare).getText());
        OnFx.call(() -> Screenshots.save(robot.lookup("#eval-heatmap").query().getScene(), "evaluate-heatmap"));
        robot.clickOn("Per-metric means");

        ListView<?> changed = robot.lookup("#eval-changed").queryAs(ListView.class);
        assertEquals(3, changed.getItems().size(), "the items both runs answered");
        OnFx.run(() -> changed.getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        String detail = robot.lookup("#eval-changed-detail").queryAs(javafx.scene.control.TextArea.class).getText();
        assertTrue(detail.contains("Run " + runs.get(0).id() + " replied:") && detail.contains("Prompt of run"), detail);

        // the report column scrolls when the window is too short for all of it
        app.characterstudio.ui.ScrollIntoView.scroll(robot, "#eval-report-scroll", robot.lookup("#eval-rate").query());
        robot.clickOn("#eval-rate");
        robot.type(KeyCode.DIGIT4);
        robot.type(KeyCode.DIGIT2);
        WaitForAsyncUtils.waitForFxEvents();
        List<EvalRepository.RatingRow> ratings = studio.evals().ratings(runs.get(0).id());
        assertEquals(List.of("Accuracy=2", "Fluency=4"), ratings.stream().map(r -> r.metric() + "=" + r.rating()).toList(),
                "two keys rated item 101's two metrics in order (Fluency, then Accuracy)");
        assertTrue(robot.lookup("#eval-rate-where").queryLabeled().getText().startsWith("Rate 3 of 7"),
                robot.lookup("#eval-rate-where").queryLabeled().getText());

        app.characterstudio.ui.ScrollIntoView.scroll(robot, "#eval-report-scroll",
                robot.lookup("#eval-rate-sample").query());
        robot.clickOn("#eval-rate-sample").write("2");
        robot.doubleClickOn("#eval-rate-seed").write("3");
        robot.clickOn("#eval-rate-draw");
        WaitForAsyncUtils.waitForFxEvents();
        List<ItemRow> sample = studio.evals().ratingSample(runs.get(0).id(), 2, 3);
        int slots = sample.stream().mapToInt(i -> EvalService.metrics(i).size()).sum();
        String where = robot.lookup("#eval-rate-where").queryLabeled().getText();
        assertTrue(where.startsWith("Rate 1 of " + slots + ": item " + sample.get(0).key()), where);
        assertEquals(sample, studio.evals().ratingSample(runs.get(0).id(), 2, 3), "the same seed draws the same items");

        app.characterstudio.ui.ScrollIntoView.scroll(robot, "#eval-report-scroll",
                robot.lookup("#eval-send-below").query());
        robot.clickOn("#eval-send-below").write("2.5");
        robot.clickOn("#eval-send-to-chat");
        WaitForAsyncUtils.waitForFxEvents();
        String sent = robot.lookup("#eval-status").queryLabeled().getText();
        assertTrue(sent.startsWith("Sent 1 items below 2.5"), sent);
        assertEquals(List.of("eval run " + runs.get(0).id() + " item 101"),
                studio.chat().sessions(null).stream().map(app.characterstudio.store.Session::title).toList());
        OnFx.call(() -> Screenshots.save(robot.lookup("#eval-run").query().getScene(), "evaluate-room"));
    }

    private void scoreAsIfByAnRm(List<RunRow> runs) {
        EvalRepository repository = new EvalRepository(studio.database());
        for (RunRow run : runs) {
            List<EvalRepository.ScoreRow> scores = new ArrayList<>();
            List<ItemRow> items = studio.evals().items(run.setId());
            double value = run.id() == runs.get(0).id() ? 2.0 : 2.5;
            for (ItemRow item : items.subList(0, run.replyCount())) {
                for (Metric metric : EvalService.metrics(item)) {
                    scores.add(new EvalRepository.ScoreRow(item.id(), "rm:fixture@1", metric.en(), value += 0.3));
                }
            }
            repository.putScores(run.id(), scores);
        }
    }
}
