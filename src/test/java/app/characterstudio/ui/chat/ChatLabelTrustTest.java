package app.characterstudio.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.export.DatasetFormats;
import app.characterstudio.export.ExportListener;
import app.characterstudio.export.ExportOptions;
import app.characterstudio.label.Label;
import app.characterstudio.ui.MainWindow;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputControl;
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
 * Labels made in the Chat room are what the creator meant. Typing into any input (text boxes, the
 * replies spinner, the combo boxes, the composer and the template editor) never labels a reply:
 * shortcuts act only outside inputs. Choosing an edit visibly rejects its original ("rejected
 * (edited)"), and the creator can take that back.
 */
@ExtendWith(ApplicationExtension.class)
class ChatLabelTrustTest {
    @TempDir
    static Path workspaceDir;

    private MainWindow window;
    private Studio studio;

    @Start
    void start(Stage stage) throws java.io.IOException {
        studio = Studio.open(Workspace.open(java.nio.file.Files.createTempDirectory(workspaceDir, "workspace")));
        window = ChatRobot.showScripted(stage, studio);
    }

    @Test
    void theRepliesSpinnerTakesADigitAsACountNotAChoice(FxRobot robot) {
        ChatViewModel model = openChatWithThreeReplies(robot);
        robot.type(KeyCode.DIGIT1);
        WaitForAsyncUtils.waitForFxEvents();
        Label before = stored(model);
        assertEquals(model.candidates().get(0).candidate().id(), before.chosenCandidateId());

        robot.clickOn("#chat-candidate-count");
        robot.press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL);
        robot.type(KeyCode.DIGIT2).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        assertSameLabel(before, stored(model), "the replies spinner");
        assertEquals(2, model.candidateCountProperty().get(), "the typed digit sets the number of replies");
    }

    @Test
    void typingIntoEveryInputLeavesTheLabelAlone(FxRobot robot) {
        ChatViewModel model = openChatWithThreeReplies(robot);
        robot.type(KeyCode.DIGIT1);
        WaitForAsyncUtils.waitForFxEvents();
        Label before = stored(model);

        TabPane side = robot.lookup(".tab-pane").queryAs(TabPane.class);
        List<String> checked = new ArrayList<>();
        for (int tab = 0; tab < side.getTabs().size(); tab++) {
            int index = tab;
            OnFx.run(() -> side.getSelectionModel().select(index));
            WaitForAsyncUtils.waitForFxEvents();
            for (Node input : OnFx.call(() -> inputs(robot.lookup("#chat-view").query()))) {
                String name = input.getId() == null ? input.getClass().getSimpleName() : input.getId();
                if (checked.contains(name)) {
                    continue;
                }
                checked.add(name);
                typeInto(robot, input);
                assertSameLabel(before, stored(model), name);
            }
        }
        // the composer shows only while writing: open it, type, then close it
        OnFx.run(model::startWrite);
        WaitForAsyncUtils.waitForFxEvents();
        typeInto(robot, robot.lookup("#chat-composer").query());
        checked.add("chat-composer");
        assertSameLabel(before, stored(model), "chat-composer");
        OnFx.run(model::cancelComposer);

        assertTrue(checked.containsAll(List.of("chat-character", "chat-session", "chat-message", "rationale",
                "chat-candidate-count", "prompt-text", "template-text", "chat-composer")), checked.toString());
    }

    @Test
    void theOriginalOfAChosenEditShowsRejectedEditedAndUndoKeepsItOutOfTheExport(FxRobot robot) {
        robot.clickOn("#nav-chat");
        ChatViewModel model = ChatRobot.chatModel(window);
        OnFx.run(() -> model.selectCharacter(model.characters().get(0)));
        ChatRobot.typeMessage(robot, "你好，三三");
        robot.clickOn("#chat-candidates");
        robot.type(KeyCode.DIGIT2).type(KeyCode.E);
        TextArea composer = robot.lookup("#chat-composer").queryAs(TextArea.class);
        OnFx.run(() -> composer.setText("你好呀！今天也要开心哦"));
        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#chat-candidates");
        robot.type(KeyCode.DIGIT4);
        WaitForAsyncUtils.waitForFxEvents();

        assertTrue(robot.lookup("#candidate-2").query().getStyleClass().contains("rejected"),
                "the original of the chosen edit looks rejected");
        assertEquals("✗ rejected (edited)", robot.lookup("#candidate-mark-2").queryAs(javafx.scene.control.Label.class).getText());
        assertEquals(1, editPairs(), "and the export pairs them");
        OnFx.call(() -> Screenshots.save(window.root().getScene(), "chat-edit-pair"));

        robot.clickOn("#undo-edit-2");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#candidate-2").query().getStyleClass().contains("rejected"));
        assertEquals("kept (edited)", robot.lookup("#candidate-mark-2").queryAs(javafx.scene.control.Label.class).getText());
        assertEquals(0, editPairs(), "an undone edit pair is not exported");
        OnFx.call(() -> Screenshots.save(window.root().getScene(), "chat-edit-pair-undone"));

        robot.clickOn("#redo-edit-2");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("✗ rejected (edited)", robot.lookup("#candidate-mark-2").queryAs(javafx.scene.control.Label.class).getText());
        assertEquals(1, editPairs());
    }

    private int editPairs() {
        return studio.exports().plan(DatasetFormats.byId("sharegpt-sft"), ExportOptions.defaults(), ExportListener.NONE)
                .counts().editPairs();
    }

    private ChatViewModel openChatWithThreeReplies(FxRobot robot) {
        robot.clickOn("#nav-chat");
        ChatViewModel model = ChatRobot.chatModel(window);
        OnFx.run(() -> model.selectCharacter(model.characters().get(0)));
        WaitForAsyncUtils.waitForFxEvents();
        ChatRobot.typeMessage(robot, "你好，三三");
        assertEquals(3, model.candidates().size());
        robot.clickOn("#chat-candidates");
        return model;
    }

    /** Focuses the input (as a click or Tab would), selects all and types digits, the reject and safety keys. */
    private static void typeInto(FxRobot robot, Node input) {
        OnFx.run(input::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        robot.press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL);
        robot.type(KeyCode.DIGIT2, KeyCode.DIGIT3);
        robot.press(KeyCode.SHIFT).type(KeyCode.DIGIT1).release(KeyCode.SHIFT);
        robot.type(KeyCode.X, KeyCode.DIGIT1, KeyCode.S, KeyCode.E);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static List<Node> inputs(Node root) {
        List<Node> found = new ArrayList<>();
        collect(root, found);
        return found;
    }

    private static void collect(Node node, List<Node> found) {
        if (!node.isVisible() || node.isDisabled()) {
            return;
        }
        if (node instanceof TextInputControl || node instanceof Spinner<?> || node instanceof ComboBoxBase<?>) {
            if (node.getParent() == null || !(node.getParent() instanceof Spinner<?>)
                    && !(node.getParent().getParent() instanceof Spinner<?>)) {
                found.add(node);
            }
            return;
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collect(child, found));
        }
    }

    private Label stored(ChatViewModel model) {
        long turn = model.currentTurnProperty().get().id();
        return studio.labels().find(turn).orElse(Label.empty(turn));
    }

    private static void assertSameLabel(Label before, Label after, String input) {
        assertEquals(before.chosenCandidateId(), after.chosenCandidateId(), "typing into " + input + " changed the choice");
        assertEquals(before.rejected(), after.rejected(), "typing into " + input + " rejected a reply");
        assertEquals(before.safetyCase(), after.safetyCase(), "typing into " + input + " changed the safety flag");
        assertEquals(before.reasons(), after.reasons(), "typing into " + input + " changed the reasons");
    }
}
