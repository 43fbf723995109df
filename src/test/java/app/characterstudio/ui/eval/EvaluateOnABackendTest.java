package app.characterstudio.ui.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.OfflineMode;
import app.characterstudio.backend.Backend;
import app.characterstudio.backend.FakeCompletionsServer;
import app.characterstudio.eval.EvalFixtures;
import app.characterstudio.store.Database;
import app.characterstudio.store.EvalRepository.ReplyRow;
import app.characterstudio.store.EvalRepository.RunRow;
import app.characterstudio.ui.LayoutCheck;
import app.characterstudio.ui.MainWindow;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.ui.StudioAppAccess;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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

/**
 * The Evaluate room's "Answers from" against a loopback completions server: the local engine by default (which,
 * with no model loaded, refuses to run), a backend chosen in the room answers the run, and the run keeps and shows
 * the backend (listing and report); the choice is the room's own, the Chat room's stays local; no database work on
 * the FX thread meanwhile.
 */
@ExtendWith(ApplicationExtension.class)
class EvaluateOnABackendTest {
    @TempDir
    Path workspaceDir;

    private Stage stage;
    private Studio studio;
    private MainWindow window;
    private FakeCompletionsServer server;
    private final List<Throwable> onFxThread = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        OfflineMode.enforce();
        this.stage = stage;
    }

    @AfterEach
    void closeAll() {
        Database.setThreadGuard(null);
        if (window != null) {
            OnFx.run(window::close);
        }
        if (studio != null) {
            studio.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRunChosenOnABackendIsAnsweredThereAndShowsIt(FxRobot robot) throws Exception {
        server = new FakeCompletionsServer();
        studio = Studio.open(Workspace.open(workspaceDir));
        studio.evals().importCharacterEval(EvalFixtures.resource("charactereval"), "ce");
        studio.backends().put(new Backend("gpu", List.of(server.url()), "index-served", "", 4, Duration.ofSeconds(5)));
        OnFx.run(() -> {
            window = new MainWindow(studio, TaskExecutor.background());
            StudioAppAccess.show(stage, window);
        });
        Database.setThreadGuard(() -> {
            if (Platform.isFxApplicationThread()) {
                onFxThread.add(new IllegalStateException("database used on the FX thread"));
            }
        });

        robot.clickOn("#nav-evaluate");
        @SuppressWarnings("unchecked")
        ComboBox<String> sources = robot.lookup("#eval-reply-source").queryAs(ComboBox.class);
        waitFor(() -> sources.isVisible() && sources.getItems().equals(List.of("local", "gpu")));
        assertEquals("local", sources.getValue(), "the local engine by default");
        ListView<?> sets = robot.lookup("#eval-sets").queryAs(ListView.class);
        waitFor(() -> sets.getItems().size() == 1);
        Label status = robot.lookup("#eval-status").queryAs(Label.class);
        Button run = robot.lookup("#eval-run").queryAs(Button.class);
        assertEquals("Run loaded model", run.getText());
        robot.clickOn("#eval-run");
        waitFor(() -> status.getText().startsWith("No model is loaded"));
        assertEquals(0, server.completions.get(), "the local engine never goes to the server");

        OnFx.run(() -> sources.setValue("gpu"));
        Label answeredBy = robot.lookup("#eval-answered-by").queryAs(Label.class);
        waitFor(() -> answeredBy.getText().equals("backend gpu · index-served"));
        assertEquals("Run on backend", run.getText());
        TextField limit = robot.lookup("#eval-limit").queryAs(TextField.class);
        TextField tokens = robot.lookup("#eval-max-new-tokens").queryAs(TextField.class);
        OnFx.run(() -> {
            limit.setText("2");
            tokens.setText("8");
        });
        robot.clickOn("#eval-run");
        waitFor(() -> status.getText().startsWith("Done: 2 of 2"));
        assertEquals(2, server.completions.get());
        assertEquals(8, server.requests.get(1).path("max_tokens").asInt());

        ListView<?> runs = robot.lookup("#eval-runs").queryAs(ListView.class);
        waitFor(() -> runs.getItems().size() == 1);
        Label title = robot.lookup("#eval-report-title").queryAs(Label.class);
        String backend = "backend gpu at " + server.url();
        waitFor(() -> title.getText().contains(backend));
        assertTrue(title.getText().startsWith("Run 1 (index-served@gpu, " + backend + " on 'ce')"), title.getText());
        assertEquals("run 1: index-served@gpu (" + backend + ") on ce (2 replies)",
                EvaluateView.runLabel((RunRow) runs.getItems().get(0)));
        Screenshots.assertDrawn(OnFx.call(() -> Screenshots.save(window.root().getScene(), "evaluate-backend")));
        OnFx.run(() -> {
            stage.setWidth(1280);
            stage.setHeight(720);
        });
        WaitForAsyncUtils.waitForFxEvents();
        OnFx.run(() -> window.root().getScene().getRoot().layout());
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.assertDrawn(OnFx.call(() -> Screenshots.save(window.root().getScene(), "evaluate-backend-1280x720")));
        // what this room adds for backends; the report table and rating text are cut with data shown, as before
        List<String> cut = OnFx.call(() -> LayoutCheck.cutOff(window.root().getScene())).stream()
                .filter(found -> found.contains("backend") || found.contains("Answers from")).toList();
        assertEquals(List.of(), cut, "cut off at 1280x720");

        Database.setThreadGuard(null);
        assertTrue(onFxThread.isEmpty(), onFxThread.size() + " database uses on the FX thread");
        RunRow stored = studio.evals().runs().get(0);
        assertEquals("index-served@gpu", stored.modelName());
        JsonNode described = new ObjectMapper().readTree(stored.backendJson());
        assertEquals("gpu", described.path("name").asText());
        assertEquals("index-served", described.path("served_model").asText());
        assertEquals(server.url().toString(), described.path("urls").path(0).asText());
        List<ReplyRow> replies = studio.evals().replies(stored.id());
        assertEquals(2, replies.size());
        assertTrue(replies.stream().allMatch(reply -> reply.reply().equals("reply 0")), replies.toString());
        assertEquals(server.requests.get(0).path("prompt").asText(), replies.get(0).prompt(),
                "the stored prompt is the one the server answered");
        assertEquals("gpu", studio.evalReplies().restore(), "the room keeps its choice");
        assertEquals("local", studio.chatReplies().restore(), "the Chat room's choice is its own");
        assertFalse(stored.weightsHash().isBlank());
    }

    private static void waitFor(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> OnFx.call(condition::getAsBoolean));
    }
}
