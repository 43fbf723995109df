package app.characterstudio.ui.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.label.Label;
import app.characterstudio.label.LabelBundles;
import app.characterstudio.label.LabelService;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.CandidateDraft;
import app.characterstudio.store.ConversationRepository;
import app.characterstudio.store.Database;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.ui.kit.Styles;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Labelers room merges another labeler's bundle and shows the agreement figures per character. */
@ExtendWith(ApplicationExtension.class)
class LabelersViewTest {
    @TempDir
    static Path dir;

    private LabelersView view;
    private Stage stage;
    private Path bobBundle;
    private List<Candidate> replies;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path alice = Files.createDirectories(Files.createTempDirectory(dir, "alice"));
        Path bob = Files.createDirectories(Files.createTempDirectory(dir, "bob"));
        try (Database database = Database.open(alice.resolve("studio.db"))) {
            ConversationRepository conversations = new ConversationRepository(database);
            long session = conversations.createSession("lin", "", "user").id();
            long first = conversations.addTurn(session, null, "在吗").id();
            long second = conversations.addTurn(session, null, "你好").id();
            replies = new java.util.ArrayList<>(conversations.addCandidates(first, "b", drafts("a", "b")));
            replies.addAll(conversations.addCandidates(second, "b", drafts("c", "d")));
        }
        Files.copy(alice.resolve("studio.db"), bob.resolve("studio.db"));
        // alice: a>b, c>d; bob: a>b, d>c. Replies a b c d: alice C R C R, bob C R R C: po 2/4, pe 1/2 -> kappa 0
        label(alice, "alice", 0, 1, 2, 3);
        label(bob, "bob", 0, 1, 3, 2);
        bobBundle = dir.resolve("bob.json");
        try (Database database = Database.open(bob.resolve("studio.db"))) {
            new LabelBundles(database).export(bobBundle);
        }
        Studio studio = Studio.open(Workspace.open(alice));
        view = new LabelersView(studio::labels, studio::labelBundles, TaskExecutor.currentThread());
        Scene scene = new Scene((javafx.scene.Parent) view.node(), 1600, 1000);
        Styles.apply(scene);
        stage.setScene(scene);
        stage.show();
    }

    private static List<CandidateDraft> drafts(String... texts) {
        return java.util.Arrays.stream(texts).map(t -> CandidateDraft.handWritten(t, null, null, null, null)).toList();
    }

    private void label(Path workspace, String labeler, int chosen1, int rejected1, int chosen2, int rejected2) {
        try (Database database = Database.open(workspace.resolve("studio.db"))) {
            LabelService labels = new LabelService(database);
            labels.setLabeler(labeler);
            labels.save(Label.empty(replies.get(0).turnId()).withChosen(replies.get(chosen1).id())
                    .withRejectionToggled(replies.get(rejected1).id()));
            labels.save(Label.empty(replies.get(2).turnId()).withChosen(replies.get(chosen2).id())
                    .withRejectionToggled(replies.get(rejected2).id()));
        }
    }

    @Test
    void importingABundleShowsTheAgreementOfTheTwoLabelers(FxRobot robot) {
        assertEquals("alice", robot.lookup("#labelers-name").queryAs(TextField.class).getText());
        TableView<?> table = robot.lookup("#labelers-agreement").queryAs(TableView.class);
        assertTrue(table.getItems().isEmpty());
        assertTrue(view.model().statusProperty().get().startsWith("No turn is labeled by two labelers yet"));

        OnFx.run(() -> view.model().importBundle(bobBundle));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Merged 2 labels from bob.json (1 choose otherwise than another labeler, kept side by side); "
                + "0 were already here.", view.model().statusProperty().get());
        assertEquals(List.of(new LabelersViewModel.Row("alice · bob", "all", 2, 1, "50.0%", "0.000"),
                new LabelersViewModel.Row("alice · bob", "lin", 2, 1, "50.0%", "0.000")), view.model().rows());

        OnFx.run(() -> view.model().importBundle(dir.resolve("none.json")));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.model().statusProperty().get().startsWith("There is no label bundle"),
                view.model().statusProperty().get());
        for (double[] size : new double[][] {{1600, 1000}, {1280, 720}}) {
            OnFx.run(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            OnFx.call(() -> Screenshots.save(stage.getScene(), "labelers-" + (int) size[0] + "x" + (int) size[1]));
        }
    }
}
