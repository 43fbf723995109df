package app.characterstudio.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.chat.ChatFixtures;
import app.characterstudio.store.SettingsRepository;
import app.characterstudio.store.ViewMemory;
import app.characterstudio.ui.chat.ChatView;
import app.characterstudio.ui.chat.ChatViewModel;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The studio opens where it was left: room, the Chat room's character and session, window size. */
@ExtendWith(ApplicationExtension.class)
class ViewMemoryTest {
    @TempDir
    Path workspaceDir;

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void theRoomCharacterAndSessionComeBackOnTheNextStart(FxRobot robot) throws Exception {
        long firstSession;
        try (Studio studio = Studio.open(Workspace.open(workspaceDir))) {
            studio.personas().save(ChatFixtures.sansan());
            MainWindow window = show(studio);
            assertEquals("Characters", window.currentViewProperty().get().title(), "a new workspace opens on Characters");
            robot.clickOn("#nav-chat");
            ChatViewModel model = chat(window);
            OnFx.run(() -> model.selectCharacter(model.characters().get(0)));
            waitFor(() -> model.sessionProperty().get() != null);
            firstSession = model.sessionProperty().get().id();
            OnFx.run(model::newSession);
            waitFor(() -> model.sessions().size() == 2);
            OnFx.run(() -> model.openSession(model.sessions().stream().filter(s -> s.id() == firstSession)
                    .findFirst().orElseThrow()));
            waitFor(() -> model.conversationProperty().get() != null
                    && model.conversationProperty().get().session().id() == firstSession);
            OnFx.run(() -> {
                stage.setWidth(1300);
                stage.setHeight(760);
                StudioApp.rememberWindowSize(studio, stage);
                window.close();
            });
        }
        try (Studio studio = Studio.open(Workspace.open(workspaceDir))) {
            MainWindow window = show(studio);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals("Chat", window.currentViewProperty().get().title());
            ChatViewModel model = chat(window);
            waitFor(() -> model.conversationProperty().get() != null);
            assertEquals("sansan", model.characterProperty().get().id());
            assertEquals(firstSession, model.sessionProperty().get().id(), "the session left open, not the latest");
            assertEquals(Optional.of(new ViewMemory.WindowSize(1300, 760)), studio.viewMemory().windowSize());
            OnFx.run(window::close);
        }
    }

    @Test
    void garbledOrTooSmallValuesAreTreatedAsNeverStored() {
        try (Studio studio = Studio.open(Workspace.open(workspaceDir))) {
            SettingsRepository settings = new SettingsRepository(studio.database());
            settings.put("view.window-width", "wide");
            settings.put("view.window-height", "700");
            assertEquals(Optional.empty(), studio.viewMemory().windowSize());
            studio.viewMemory().rememberWindowSize(200, 100);
            assertEquals(Optional.empty(), studio.viewMemory().windowSize(), "a window too small to use is not restored");
            settings.put("view.chat-character", "sansan");
            settings.put("view.chat-session", "x");
            assertTrue(studio.viewMemory().chatPlace().isEmpty());
        }
    }

    private MainWindow show(Studio studio) {
        return OnFx.call(() -> {
            MainWindow window = new MainWindow(studio, TaskExecutor.currentThread());
            StudioApp.show(stage, window);
            return window;
        });
    }

    /** The chat reads in the background: waits until {@code shown} holds on the FX thread. */
    private static void waitFor(java.util.function.BooleanSupplier shown) throws java.util.concurrent.TimeoutException {
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> OnFx.call(shown::getAsBoolean));
    }

    private static ChatViewModel chat(MainWindow window) {
        return window.views().stream().filter(ChatView.class::isInstance).map(v -> ((ChatView) v).model())
                .findFirst().orElseThrow();
    }
}
