package app.characterstudio.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.OfflineMode;
import app.characterstudio.backend.FakeCompletionsServer;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.chat.ChatFixtures;
import app.characterstudio.store.Candidate;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
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

/**
 * The Model room's Backends panel against a loopback completions server: add a backend, check it (latency,
 * tokens/s, accepted fields, token counts), send the Chat room's replies to it (the header says so, the replies
 * keep SERVED@BACKEND), remove it (the room falls back to the local engine).
 */
@ExtendWith(ApplicationExtension.class)
class BackendsPanelTest {
    @TempDir
    Path workspaceDir;

    private Stage stage;
    private Studio studio;
    private MainWindow window;
    private FakeCompletionsServer server;

    @Start
    void start(Stage stage) {
        OfflineMode.enforce();
        this.stage = stage;
    }

    @AfterEach
    void closeAll() {
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
    void addCheckChooseForTheChatAndRemove(FxRobot robot) throws Exception {
        server = new FakeCompletionsServer();
        server.unsupported = List.of("repetition_penalty");
        studio = Studio.open(Workspace.open(workspaceDir));
        studio.personas().save(ChatFixtures.sansan());
        OnFx.run(() -> {
            window = new MainWindow(studio, TaskExecutor.background());
            StudioApp.show(stage, window);
        });
        robot.clickOn("#nav-model");
        scrollToBackends(robot);
        fill(robot, "#backend-name", "gpu");
        fill(robot, "#backend-urls", server.url().toString());
        fill(robot, "#backend-model", "index-served");
        fill(robot, "#backend-concurrency", "many");
        robot.clickOn("#backend-add");
        Label status = robot.lookup("#backend-status").queryAs(Label.class);
        assertEquals("Concurrency must be a whole number, not \"many\".", status.getText());
        assertTrue(studio.backends().list().isEmpty(), "a bad field keeps nothing");

        fill(robot, "#backend-concurrency", "4");
        robot.clickOn("#backend-add");
        ListView<?> list = robot.lookup("#backend-list").queryAs(ListView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> list.getItems().size() == 1);
        assertEquals("Added backend gpu.", status.getText());
        assertEquals("index-served", studio.backends().get("gpu").model());

        OnFx.run(() -> list.getSelectionModel().select(0));
        robot.clickOn("#backend-check");
        TextArea report = robot.lookup("#backend-report").queryAs(TextArea.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> status.getText().startsWith("Checked"));
        WaitForAsyncUtils.waitForFxEvents();
        String text = report.getText();
        assertTrue(text.contains(server.url() + "  ok  "), text);
        assertTrue(text.contains("accepts: logprobs n seed stop stream top_k"), text);
        assertTrue(text.contains("refuses: repetition_penalty"), text);
        assertTrue(text.contains("tokens  server "), text);
        assertTrue(status.getText().startsWith("Checked gpu"), status.getText());
        scrollToBackends(robot);
        Screenshots.assertDrawn(OnFx.call(() -> Screenshots.save(window.root().getScene(), "model-backends")));

        server.unsupported = List.of(); // the chat sends the default repetition penalty 1.05

        robot.clickOn("#nav-chat");
        ComboBox<?> characters = robot.lookup("#chat-character").queryAs(ComboBox.class);
        OnFx.run(() -> characters.getSelectionModel().select(0));
        @SuppressWarnings("unchecked")
        ComboBox<String> sources = robot.lookup("#chat-reply-source").queryAs(ComboBox.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> sources.isVisible() && sources.getItems().size() == 2);
        assertEquals("local", sources.getValue());
        OnFx.run(() -> sources.setValue("gpu"));
        Label header = robot.lookup("#chat-model-status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> header.getText().startsWith("Replies from backend gpu"));
        assertEquals("Replies from backend gpu · index-served", header.getText());

        TextField message = robot.lookup("#chat-message").queryAs(TextField.class);
        OnFx.run(() -> message.setText("你好"));
        robot.clickOn(message).type(KeyCode.ENTER);
        Label chatStatus = robot.lookup("#chat-status").queryAs(Label.class);
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup(".candidate-card").queryAll().size() == 3
                    && robot.lookup("#candidate-text-3").queryAs(Label.class).getText().equals("reply 2"));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no replies; the chat says: " + chatStatus.getText() + " / cards "
                    + robot.lookup(".candidate-card").queryAll().size(), e);
        }
        long turn = window.views().stream().filter(v -> v instanceof app.characterstudio.ui.chat.ChatView)
                .map(v -> ((app.characterstudio.ui.chat.ChatView) v).model().currentTurnProperty().get().id())
                .findFirst().orElseThrow();
        // the cards show the streamed text at once; the replies are stored when the generation ends
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> studio.chat().replies(turn).size() == 3);
        List<Candidate> replies = studio.chat().replies(turn);
        assertEquals("index-served@gpu", replies.get(0).modelName());
        assertTrue(server.requests.get(server.requests.size() - 1).path("stream").asBoolean());
        Screenshots.assertDrawn(OnFx.call(() -> Screenshots.save(window.root().getScene(), "chat-backend")));

        robot.clickOn("#nav-model");
        scrollToBackends(robot);
        OnFx.run(() -> list.getSelectionModel().select(0));
        robot.clickOn("#backend-remove");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> list.getItems().isEmpty());
        robot.clickOn("#nav-chat");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !sources.isVisible());
        assertFalse(header.getText().contains("gpu"), header.getText());
        assertEquals("local", studio.chatReplies().chosen());
    }

    private static void scrollToBackends(FxRobot robot) {
        app.characterstudio.ui.ScrollIntoView.scroll(robot, "#model-scroll", robot.lookup("#backends-pane").query());
    }

    private static void fill(FxRobot robot, String id, String text) {
        TextField field = robot.lookup(id).queryAs(TextField.class);
        OnFx.run(() -> field.setText(text));
    }
}
