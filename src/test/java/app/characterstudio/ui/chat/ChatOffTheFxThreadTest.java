package app.characterstudio.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.chat.ChatFixtures;
import app.characterstudio.label.Label;
import app.characterstudio.store.Database;
import app.characterstudio.store.Session;
import app.characterstudio.store.Turn;
import app.characterstudio.ui.MainWindow;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.control.ComboBox;
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
 * The chat room with its work on real background threads and a guard in the database that records every use
 * made on the FX thread: naming the labeler, choosing the character, opening a session, sending, choosing a
 * reply and sending the next message all leave the database to background tasks, in the order made.
 */
@ExtendWith(ApplicationExtension.class)
class ChatOffTheFxThreadTest {
    @TempDir
    static Path workspaceDir;

    private final List<Throwable> onFxThread = new CopyOnWriteArrayList<>();
    private Studio studio;
    private MainWindow window;
    private Session older;

    @Start
    void start(Stage stage) {
        studio = Studio.open(Workspace.open(workspaceDir));
        window = ChatRobot.showScripted(stage, studio, TaskExecutor.background());
        older = studio.chat().startSession(ChatFixtures.sansan().id(), "user");
        studio.chat().say(older.id(), null, "上次的话");
        studio.chat().startSession(ChatFixtures.sansan().id(), "user");   // the latest, opened on choosing 三三
    }

    @AfterEach
    void removeGuard() {
        Database.setThreadGuard(null);
    }

    @Test
    void noDatabaseWorkRunsOnTheFxThreadWhileChattingAndLabeling(FxRobot robot) throws Exception {
        Database.setThreadGuard(() -> {
            if (Platform.isFxApplicationThread()) {
                onFxThread.add(new IllegalStateException("database used on the FX thread"));
            }
        });
        OnFx.run(() -> studio.labels().labeler());
        assertEquals(1, onFxThread.size(), "the guard sees a read made on the FX thread");
        onFxThread.clear();

        robot.clickOn("#nav-chat");
        ChatViewModel model = ChatRobot.chatModel(window);
        waitFor(() -> !model.characters().isEmpty());
        robot.clickOn("#chat-labeler-name").write("ann");
        robot.clickOn("#chat-labeler-save");
        waitFor(() -> "ann".equals(model.labelerProperty().get()));

        ComboBox<?> characters = robot.lookup("#chat-character").queryAs(ComboBox.class);
        OnFx.run(() -> characters.getSelectionModel().select(0));
        waitFor(() -> model.sessionProperty().get() != null && model.sessionProperty().get().id() != older.id()
                && model.state() == ChatViewModel.State.READY);
        assertEquals(2, model.sessions().size());

        @SuppressWarnings("unchecked")
        ComboBox<Session> sessions = robot.lookup("#chat-session").queryAs(ComboBox.class);
        OnFx.run(() -> sessions.setValue(model.sessions().stream().filter(s -> s.id() == older.id()).findFirst()
                .orElseThrow()));
        waitFor(() -> model.path().size() == 1 && "上次的话".equals(model.path().get(0).text()));

        robot.clickOn("#chat-new-session");
        waitFor(() -> model.sessions().size() == 3 && model.path().isEmpty());
        send(robot, "你好，三三");
        waitFor(() -> model.state() == ChatViewModel.State.LABELING && model.candidates().size() == 3);
        Turn first = model.currentTurnProperty().get();

        robot.clickOn("#chat-candidates").type(KeyCode.DIGIT2).type(KeyCode.ENTER);
        send(robot, "今天做什么");           // sent at once after the choice: it must follow the chosen reply
        waitFor(() -> model.candidates().size() == 3 && model.currentTurnProperty().get() != null
                && model.currentTurnProperty().get().id() != first.id() && model.state() == ChatViewModel.State.LABELING);
        robot.clickOn("#chat-candidates").type(KeyCode.DIGIT1);
        waitFor(() -> model.progressProperty().get().startsWith("2 labeled"));
        Screenshots.assertDrawn(OnFx.call(() -> Screenshots.save(window.root().getScene(), "chat-off-the-fx-thread")));

        Database.setThreadGuard(null);
        Label chosen = studio.labels().find(first.id()).orElseThrow();
        long chosenReply = studio.chat().replies(first.id()).get(1).id();
        assertEquals(chosenReply, chosen.chosenCandidateId(), "the choice was stored");
        assertEquals(chosenReply, model.currentTurnProperty().get().parentCandidateId(),
                "the message sent after the choice follows the chosen reply");
        assertTrue(onFxThread.isEmpty(), () -> onFxThread.size() + " database uses on the FX thread, the first:\n"
                + stackOf(onFxThread.get(0)));
    }

    private static void send(FxRobot robot, String text) {
        TextField message = robot.lookup("#chat-message").queryAs(TextField.class);
        OnFx.run(() -> message.setText(text));
        robot.clickOn(message).type(KeyCode.ENTER);
    }

    private static void waitFor(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> OnFx.call(condition::getAsBoolean));
    }

    private static String stackOf(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
