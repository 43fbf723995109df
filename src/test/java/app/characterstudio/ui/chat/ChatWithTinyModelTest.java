package app.characterstudio.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.TinyModelFixture;
import app.characterstudio.chat.ChatFixtures;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.CandidateOrigin;
import app.characterstudio.ui.MainWindow;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.ui.characters.CharactersView;
import app.characterstudio.ui.kit.Styles;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The chat flow with no fakes: the tiny fixture model sits in the workspace's {@code models/} folder,
 * is loaded through the model service, and the chat view gets its candidates from it through the
 * workspace's own ports (generator, tokenizer, script retrieval).
 */
@ExtendWith(ApplicationExtension.class)
class ChatWithTinyModelTest {
    @TempDir
    static Path workspaceDir;

    private Studio studio;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        Path modelDir = TinyModelFixture.copyWithContext(workspaceDir.resolve("models"), 2048);
        studio = Studio.open(Workspace.open(workspaceDir));
        studio.personas().save(ChatFixtures.sansan());
        studio.models().load(modelDir, LoadOptions.DEFAULTS, LoadProgress.IGNORE, Cancellation.NEVER);
        window = new MainWindow(studio, TaskExecutor.currentThread());
        Scene scene = new Scene(window.root(), 1400, 860);
        Styles.apply(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void personaPreviewCountsTokensWithTheLoadedModel() {
        CharactersView characters = window.views().stream()
                .filter(v -> v instanceof CharactersView)
                .map(v -> (CharactersView) v).findFirst().orElseThrow();
        java.util.function.ToIntFunction<String> counter = characters.tokenCounterProperty().get();
        assertNotNull(counter, "a loaded model's tokenizer counts the persona preview");
        assertEquals(studio.models().current().orElseThrow().tokenizer().encode("以下是三三的人设").length,
                counter.applyAsInt("以下是三三的人设"));
    }

    @Test
    void candidatesComeFromTheLoadedModelAndCanBeChosenRejectedEditedAndBranched(FxRobot robot) {
        robot.clickOn("#nav-chat");
        ComboBox<?> characters = robot.lookup("#chat-character").queryAs(ComboBox.class);
        OnFx.run(() -> characters.getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        ChatViewModel model = ChatRobot.chatModel(window);
        assertTrue(model.modelAvailable());

        ChatRobot.typeMessage(robot, "hello there");
        assertEquals(3, robot.lookup(".candidate-card").queryAll().size(), model.statusProperty().get());
        List<Candidate> generated = candidatesOfCurrentTurn(model);
        assertEquals(3, generated.size());
        for (Candidate candidate : generated) {
            assertEquals(CandidateOrigin.MODEL, candidate.origin());
            assertEquals("tiny-index", candidate.modelName());
            assertTrue(candidate.promptText().endsWith("user:hello there\n三三:"), candidate.promptText());
            assertNotNull(candidate.promptTokenCount(), "exact token count from the model's tokenizer");
            assertEquals(studio.models().current().orElseThrow().tokenizer().encode(candidate.promptText()).length,
                    candidate.promptTokenCount());
            assertNotNull(candidate.finishReason());
        }

        robot.type(KeyCode.DIGIT1);
        robot.type(KeyCode.X).type(KeyCode.DIGIT2);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#candidate-1").query().getStyleClass().contains("chosen"));
        assertTrue(robot.lookup("#candidate-2").query().getStyleClass().contains("rejected"));

        robot.clickOn("#chat-candidates");
        robot.type(KeyCode.E);
        TextArea composer = robot.lookup("#chat-composer").queryAs(TextArea.class);
        OnFx.run(() -> composer.setText("Hello! Lovely to see you."));
        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        List<Candidate> withEdit = candidatesOfCurrentTurn(model);
        Candidate edit = withEdit.get(withEdit.size() - 1);
        assertEquals(CandidateOrigin.EDIT, edit.origin());
        assertEquals(generated.get(0).id(), edit.editedFromId());

        // through the chat's key handler: after ExportViewTest in the same JVM a robot key press here can arrive
        // with a stale modifier (the test failed on main in the full suite, never alone)
        OnFx.run(() -> {
            model.key("4", false);
            model.key("ENTER", false);
        });
        WaitForAsyncUtils.waitForFxEvents();
        ChatRobot.typeMessage(robot, "what next");
        assertEquals("Hello! Lovely to see you.", model.path().get(1).text());
        assertEquals(3, candidatesOfCurrentTurn(model).size());

        robot.clickOn("#chat-candidates");
        robot.type(KeyCode.B);
        TextField message = robot.lookup("#chat-message").queryAs(TextField.class);
        OnFx.run(() -> message.setText("what now"));
        robot.clickOn(message).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, model.conversationProperty().get().turnsAfter(edit.id()).size(), "a branch beside the first");
        assertFalse(candidatesOfCurrentTurn(model).isEmpty());
        OnFx.call(() -> Screenshots.save(window.root().getScene(), "chat-with-tiny-model"));
    }

    /** The current turn's replies as stored, prompts included. */
    private List<Candidate> candidatesOfCurrentTurn(ChatViewModel model) {
        return studio.chat().replies(model.currentTurnProperty().get().id());
    }
}
