package app.characterstudio.ui.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.export.DatasetFormats;
import app.characterstudio.export.ExportOptions;
import app.characterstudio.export.ExportService;
import app.characterstudio.export.LabelFixture;
import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.store.Database;
import app.characterstudio.store.LabeledSession;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.kit.Debouncer;
import app.characterstudio.ui.kit.TaskExecutor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javafx.concurrent.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;

/** The view model on the FX thread with tasks run in place: no controls involved. */
@ExtendWith(ApplicationExtension.class)
class ExportViewModelTest {
    @TempDir
    Path dir;

    private Database database;
    private ExportService service;

    @BeforeEach
    void open() {
        database = Database.inMemory();
        PersonaRepository personas = new PersonaRepository(dir.resolve("characters"));
        personas.save(Persona.named("lin", "林黛玉"));
        service = new ExportService(database, personas, dir.resolve("exports"), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Runs on the FX thread, then lets the task's state changes (posted to the FX queue) land. */
    private static void onFx(Runnable work) {
        OnFx.run(work);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theRewardModelOptionsFilterThePreviewAndItsCountsSayHow() {
        new LabelFixture(database).bulk("lin", 6, 3);
        app.characterstudio.store.RewardScoreRepository scores = new app.characterstudio.store.RewardScoreRepository(database);
        app.characterstudio.store.ScoreSet set = scores.scoreSet("tiny-rm", "ab".repeat(32), "index-dpo:stored");
        java.util.Map<Long, Double> byCandidate = new java.util.HashMap<>();
        for (app.characterstudio.store.ScorableTurn turn : scores.scorableTurns(java.util.Set.of(), java.util.Set.of())) {
            for (app.characterstudio.store.ScorableTurn.Reply reply : turn.replies()) {
                byCandidate.put(reply.candidateId(), (double) (reply.candidateId() % 5));
            }
        }
        scores.addScores(set.id(), byCandidate);
        ExportViewModel model = new ExportViewModel(service, TaskExecutor.currentThread());
        onFx(() -> {
            model.formatProperty().set(DatasetFormats.byId("index-dpo"));
            model.refresh();
        });
        assertEquals(List.of("", set.label()), model.rewardModels());
        onFx(() -> {
            model.rewardModelProperty().set(set.label());
            model.minMarginProperty().set("1");
            model.refresh();
        });
        var filtered = service.plan(DatasetFormats.byId("index-dpo"), ExportOptions.defaults(),
                new app.characterstudio.export.RewardFilter(set.label(), null, 1.0, null),
                app.characterstudio.export.ExportListener.NONE);
        assertTrue(model.countsProperty().get().startsWith(filtered.rowCount() + " rows"), model.countsProperty().get());
        assertTrue(model.countsProperty().get().contains("Reward model tiny-rm@abababababab: min score —, min margin 1.0, "
                + "human pairs only"), model.countsProperty().get());
        onFx(() -> {
            model.minScoreProperty().set("x");
            model.refresh();
        });
        assertEquals("Min reward score must be a number, not 'x'.", model.errorProperty().get());
    }

    @Test
    void refreshShowsThePreviewExactlyAsWrittenWithCountsAndChartData() {
        new LabelFixture(database).bulk("lin", 6, 3);
        new LabelFixture(database).bulk("xu", 2, 2);
        ExportViewModel model = new ExportViewModel(service, TaskExecutor.currentThread());
        onFx(() -> {
            model.formatProperty().set(DatasetFormats.byId("trl-dpo"));
            model.refresh();
        });

        var plan = service.plan(DatasetFormats.byId("trl-dpo"), ExportOptions.defaults(),
                app.characterstudio.export.ExportListener.NONE);
        assertEquals(String.join("\n", plan.preview(ExportViewModel.PREVIEW_ROWS)), model.previewProperty().get());
        assertTrue(model.countsProperty().get().startsWith("22 rows"), model.countsProperty().get());
        assertEquals(List.of("lin", "xu"), model.characters());
        assertEquals(List.of(new LengthHistogram.Bar("lin", 18), new LengthHistogram.Bar("xu", 4)),
                model.labelsPerCharacter());
        assertEquals(22, model.replyLengths().stream().mapToInt(LengthHistogram.Bar::count).sum());
        assertEquals("", model.errorProperty().get());
        assertEquals("Preview ready", model.statusProperty().get());
    }

    @Test
    void optionsFromTheFormReachThePlan() {
        new LabelFixture(database).bulk("lin", 4, 2);
        new LabelFixture(database).bulk("xu", 1, 2);
        ExportViewModel model = new ExportViewModel(service, TaskExecutor.currentThread());
        onFx(() -> {
            model.selectedCharacters().setAll("xu");
            model.splitProperty().set("1");
            model.refresh();
        });
        assertTrue(model.countsProperty().get().startsWith("2 rows (train 2, validation 0)"),
                model.countsProperty().get() + "|" + model.errorProperty().get());
    }

    @Test
    void choosingOneOfTwoSessionsExportsOnlyItsRowsAndTheManifestNamesIt() throws Exception {
        List<Long> ids = new LabelFixture(database).bulk("lin", 2, 3);
        ExportViewModel model = new ExportViewModel(service, TaskExecutor.currentThread());
        onFx(model::refresh);
        assertEquals(List.of(ids.get(1), ids.get(0)), model.sessions().stream().map(LabeledSession::id).toList(),
                "both labeled sessions, newest first");
        assertEquals(3, model.sessions().get(0).labeledTurns());
        assertTrue(model.countsProperty().get().startsWith("6 rows"), model.countsProperty().get());

        long chosen = ids.get(1);
        Path out = dir.resolve("one-session");
        onFx(() -> {
            model.selectedSessions().setAll(chosen);
            model.refresh();
        });
        assertTrue(model.countsProperty().get().startsWith("3 rows (train 3, validation 0)"),
                model.countsProperty().get());
        onFx(() -> {
            model.formatProperty().set(DatasetFormats.byId("trl-sft"));
            model.outFolderProperty().set(out.toString());
            model.export();
        });
        assertEquals(out.toString(), model.resultFolderProperty().get(), model.errorProperty().get());

        List<String> rows = Files.readAllLines(out.resolve("train.jsonl"));
        assertEquals(3, rows.size());
        for (String row : rows) {
            assertTrue(row.contains("\"s" + chosen + "t"), "only the chosen session: " + row);
            assertFalse(row.contains("\"s" + ids.get(0) + "t"), "not the other session: " + row);
        }
        assertFalse(Files.exists(out.resolve("validation.jsonl")));
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals("[" + chosen + "]", manifest.get("options").get("sessions").toString());
    }

    @Test
    void choosingCharactersNarrowsTheSessionsAndDropsChosenSessionsOfOthers() {
        List<Long> lin = new LabelFixture(database).bulk("lin", 2, 1);
        List<Long> xu = new LabelFixture(database).bulk("xu", 1, 2);
        ExportViewModel model = new ExportViewModel(service, TaskExecutor.currentThread());
        onFx(model::refresh);
        assertEquals(3, model.sessions().size());
        assertEquals("s" + xu.get(0) + "t0 你今天过得怎么样，想聊点什么 xu", model.sessions().get(0).heading());

        onFx(() -> {
            model.selectedSessions().setAll(lin.get(0), xu.get(0));
            model.selectedCharacters().setAll("xu");
        });
        assertEquals(xu, model.sessions().stream().map(LabeledSession::id).toList());
        assertEquals(xu, model.selectedSessions(), "a chosen session of a character no longer chosen is dropped");

        onFx(() -> model.selectedCharacters().clear());
        assertEquals(3, model.sessions().size(), "no character chosen: every session again");
        onFx(model::refresh);
        assertTrue(model.countsProperty().get().startsWith("2 rows"), model.countsProperty().get());
    }

    @Test
    void aSessionIsShownByHeadingCharacterDayAndLabeledTurns() {
        var session = new app.characterstudio.store.Session(7, "lin", "", "u", 1_767_225_600_000L, 0);
        String longLine = "很".repeat(60) + "\n第二行";
        assertEquals("很".repeat(47) + "…\n林黛玉 · 2026-01-01 · 1 labeled turn", ExportViewModel.sessionText(
                new LabeledSession(session, longLine, 1), "林黛玉", java.time.ZoneOffset.UTC));
        assertEquals("Session 7\nlin · 2026-01-01 · 4 labeled turns", ExportViewModel.sessionText(
                new LabeledSession(session, " ", 4), "lin", java.time.ZoneOffset.UTC));
    }

    @Test
    void badOptionsAndNothingToExportAreShownAsPlainErrors() {
        ExportViewModel model = new ExportViewModel(service, TaskExecutor.currentThread());
        onFx(() -> {
            model.splitProperty().set("ninety");
            model.refresh();
        });
        assertEquals("Split must be a number, not 'ninety'.", model.errorProperty().get());

        onFx(() -> {
            model.splitProperty().set("0.9");
            model.refresh();
        });
        assertTrue(model.errorProperty().get().startsWith("Nothing to export as sharegpt-sft"), model.errorProperty().get());
        assertEquals("", model.previewProperty().get());
    }

    @Test
    void exportWritesTheFolderAndShowsIt() {
        new LabelFixture(database).bulk("lin", 3, 2);
        ExportViewModel model = new ExportViewModel(service, TaskExecutor.currentThread());
        Path out = dir.resolve("out");
        onFx(() -> {
            model.outFolderProperty().set(out.toString());
            model.export();
        });
        assertEquals(out.toString(), model.resultFolderProperty().get(), model.errorProperty().get() + "|" + model.statusProperty().get());
        assertTrue(Files.isRegularFile(out.resolve("manifest.json")));
        assertEquals(1.0, model.progressProperty().get());
        assertFalse(model.runningProperty().get());
    }

    @Test
    void theWindowRefusesAFolderWithSomeoneElsesManifestAndKeepsIt() throws Exception {
        new LabelFixture(database).bulk("lin", 3, 2);
        Path extension = Files.createDirectories(dir.resolve("extension"));
        Files.writeString(extension.resolve("manifest.json"), "{\"manifest_version\": 3}");
        Files.writeString(extension.resolve("popup.html"), "<p>mine</p>");
        ExportViewModel model = new ExportViewModel(service, TaskExecutor.currentThread());
        onFx(() -> {
            model.outFolderProperty().set(extension.toString());
            model.export();
        });
        assertTrue(model.errorProperty().get().contains("not a Character Studio export"), model.errorProperty().get());
        assertTrue(model.errorProperty().get().contains("popup.html"), model.errorProperty().get());
        assertEquals("<p>mine</p>", Files.readString(extension.resolve("popup.html")));
        assertEquals("{\"manifest_version\": 3}", Files.readString(extension.resolve("manifest.json")));
    }

    @Test
    void cancelStopsAQueuedExportAndNothingIsWritten() {
        new LabelFixture(database).bulk("lin", 3, 2);
        List<Task<?>> queued = new ArrayList<>();
        ExportViewModel model = new ExportViewModel(service, queued::add);
        Path out = dir.resolve("out");
        onFx(() -> {
            model.outFolderProperty().set(out.toString());
            model.export();
        });
        assertTrue(model.runningProperty().get());
        onFx(model::cancel);
        onFx(() -> queued.get(0).run());
        assertFalse(model.runningProperty().get());
        assertEquals("Cancelled; nothing was written.", model.statusProperty().get());
        assertFalse(Files.exists(out));
    }

    /** Holds the action waiting for quiet options; the test ends the wait with {@link #fire()}. */
    private static final class ManualDelay implements Debouncer {
        Runnable waiting;
        int calls;

        @Override
        public void call(Runnable action) {
            waiting = action;
            calls++;
        }

        @Override
        public void stop() {
            waiting = null;
        }

        void fire() {
            Runnable action = waiting;
            waiting = null;
            action.run();
        }
    }

    private final List<Task<?>> queued = new ArrayList<>();
    private final ManualDelay delay = new ManualDelay();

    /** lin (4 sessions, 2 labels each) and xu (1 of 2); previews wait for {@link #delay} and for the test to run them. */
    private ExportViewModel waitingModel() {
        new LabelFixture(database).bulk("lin", 4, 2);
        new LabelFixture(database).bulk("xu", 1, 2);
        return new ExportViewModel(service, queued::add, delay);
    }

    @Test
    void changingTwoOptionsQuicklyStartsOnePreviewForTheFinalOptions() {
        ExportViewModel model = waitingModel();
        onFx(() -> {
            model.selectedCharacters().setAll("xu");
            model.splitProperty().set("1");
        });
        assertEquals(2, delay.calls, "each change restarts the wait");
        assertEquals(List.of(), queued, "no preview while the options are still changing");

        onFx(delay::fire);
        assertEquals(1, queued.size(), "one preview once the options are quiet");
        onFx(() -> queued.get(0).run());
        assertTrue(model.countsProperty().get().startsWith("2 rows (train 2, validation 0)"),
                model.countsProperty().get() + "|" + model.errorProperty().get());
        assertFalse(model.runningProperty().get());

        onFx(() -> {
            model.selectedCharacters().setAll("xu"); // the same choice again: nothing to preview
            delay.fire();
        });
        assertEquals(1, queued.size(), "equal options are not previewed twice");
    }

    @Test
    void aLateResultOfAnOlderPreviewIsDroppedAndTheNewestOptionsWin() {
        ExportViewModel model = waitingModel();
        onFx(() -> {
            model.refresh();
            queued.remove(0).run();
        });
        assertTrue(model.countsProperty().get().startsWith("10 rows"), model.countsProperty().get());

        Task<?>[] older = new Task<?>[1];
        OnFx.run(() -> {
            model.selectedCharacters().setAll("xu");
            delay.fire();
            older[0] = queued.remove(0);
            // The older preview finishes off the UI thread; its result can reach the UI thread only after this block,
            // when the newer options have taken its place.
            Thread worker = new Thread(older[0]);
            worker.start();
            try {
                worker.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            model.selectedCharacters().setAll("lin");
            delay.fire();
        });
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertEquals(javafx.concurrent.Worker.State.SUCCEEDED, OnFx.call(older[0]::getState),
                "the older result did arrive");
        assertTrue(model.countsProperty().get().startsWith("10 rows"),
                "xu's late rows are not shown: " + model.countsProperty().get());
        assertTrue(model.runningProperty().get(), "the newer preview still runs");

        onFx(() -> queued.remove(0).run());
        assertTrue(model.countsProperty().get().startsWith("8 rows"),
                "lin's rows: " + model.countsProperty().get());
        assertEquals("Preview ready", model.statusProperty().get());
        assertFalse(model.runningProperty().get());
    }

    @Test
    void invalidInputShowsItsMessageAndStartsNoPreview() {
        ExportViewModel model = waitingModel();
        onFx(() -> {
            model.refresh();
            queued.get(0).run();
        });
        onFx(() -> {
            model.seedProperty().set("4x");
            delay.fire();
        });
        assertEquals("Seed must be a number, not '4x'.", model.errorProperty().get());
        assertEquals(1, queued.size(), "no preview for invalid input");
        onFx(() -> {
            model.seedProperty().set("42");
            delay.fire();
        });
        assertEquals(2, queued.size(), "fixed input is previewed, even for the options shown before");
        onFx(() -> queued.get(1).run());
        assertEquals("", model.errorProperty().get());
    }

    @Test
    void histogramBinsHaveRoundWidthsAndKeepEveryValue() {
        List<LengthHistogram.Bar> bars = LengthHistogram.bins(new int[] {0, 5, 19, 20, 99, 100}, 10);
        assertEquals("0–19", bars.get(0).label());
        assertEquals(3, bars.get(0).count());
        assertEquals(6, bars.stream().mapToInt(LengthHistogram.Bar::count).sum());
        assertEquals(50, LengthHistogram.roundWidth(31));
        assertEquals(List.of(), LengthHistogram.bins(new int[0], 10));
    }
}
