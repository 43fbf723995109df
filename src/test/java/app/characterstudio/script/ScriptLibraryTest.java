package app.characterstudio.script;

import app.characterstudio.store.StoredLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.persona.Persona;
import app.characterstudio.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptLibraryTest {
    @TempDir
    Path dir;
    private Database database;
    private ScriptLibrary library;
    private Path fixture;

    @BeforeEach
    void open() throws IOException {
        database = Database.open(dir.resolve("studio.db"));
        library = new ScriptLibrary(database, dir.resolve("index"), 2);
        fixture = dir.resolve("二二三三.txt");
        try (InputStream in = getClass().getResourceAsStream("/script/retrieval.txt")) {
            Files.write(fixture, in.readAllBytes());
        }
    }

    @AfterEach
    void close() {
        library.close();
        database.close();
    }

    private ImportReport importFixture() {
        return library.importFiles(List.of(fixture), ImportOptions.defaults(), ImportProgress.NONE).get(0);
    }

    private static final List<String> SANSAN = List.of("三三");

    @Test
    void importCountsScenesLinesSpeakersAndExchanges() {
        ImportReport report = importFixture();
        assertFalse(report.alreadyImported());
        assertEquals(6, report.scenes());
        assertEquals(24, report.lines());
        assertEquals(3, report.speakers());
        assertEquals(24, report.exchanges());
        assertEquals("UTF-8", report.encoding());
    }

    @Test
    void reimportingTheSameContentIsANoOp() throws IOException {
        importFixture();
        Path copy = Files.copy(fixture, dir.resolve("copy.txt"));
        ImportReport again = library.importFiles(List.of(copy), ImportOptions.defaults(), ImportProgress.NONE).get(0);
        assertTrue(again.alreadyImported());
        assertEquals("二二三三.txt", again.source());
        assertEquals(1, library.sources().size());
        assertEquals(12, library.store().speakerCounts().get("三三"));
        List<RetrievedExchange> hits = library.search(RetrievalQuery.of("user：新的一年请多指教", SANSAN).withPerScene(5));
        assertEquals(hits.size(), hits.stream().map(e -> e.firstLine() + "-" + e.lastLine()).distinct().count());
    }

    @Test
    void theRightExchangeRanksFirst() {
        importFixture();
        List<RetrievedExchange> hits = library.search(RetrievalQuery.of(
                "user：我们在野外迷路了，怎么判断南北方向？", SANSAN));
        RetrievedExchange best = hits.get(0);
        assertEquals("三三", best.speaker());
        assertEquals("看树的年轮和太阳的位置就能判断南北。", best.reply().text());
        assertEquals(2, best.scene());
        assertEquals(8, best.firstLine());
        assertEquals(9, best.lastLine());
        assertTrue(best.matchedTerms().containsAll(List.of("野外", "迷路", "南北", "方向")), best.matchedTerms().toString());
        assertTrue(best.lines().get(0).marked("[", "]").contains("野外迷路]"), best.lines().get(0).marked("[", "]"));
        assertEquals("二二三三.txt", best.sourceName());

        List<RetrievedExchange> system = library.search(RetrievalQuery.of("点餐系统坏了，客人没法下单", SANSAN));
        assertEquals("别急，先人工帮客人点餐，等我来处理。", system.get(0).reply().text());
    }

    @Test
    void optionsFilterBySpeakerReplyLengthSceneAndSource() {
        importFixture();
        String query = "哔哩哔哩，干杯！新的一年也请多多指教哦。";
        List<RetrievedExchange> all = library.search(RetrievalQuery.of(query, SANSAN).withPerScene(10));
        assertTrue(all.size() >= 3, all.toString());
        List<RetrievedExchange> diverse = library.search(RetrievalQuery.of(query, SANSAN).withPerScene(1));
        assertEquals(diverse.stream().map(e -> e.scene()).distinct().count(), diverse.size());
        assertTrue(library.search(RetrievalQuery.of(query, SANSAN).withMinReplyLength(12))
                .stream().allMatch(e -> e.reply().text().length() >= 12));
        assertTrue(library.search(RetrievalQuery.of(query, SANSAN).excluding("二二三三.txt")).isEmpty());
        assertTrue(library.search(RetrievalQuery.of(query, List.of("二二"))).stream()
                .allMatch(e -> e.speaker().equals("二二")));
        assertEquals(1, library.search(RetrievalQuery.of(query, SANSAN).withLimit(1)).size());
        assertTrue(library.search(RetrievalQuery.of(query, List.of("nobody"))).isEmpty());
    }

    @Test
    void exchangesKeepTheWindowOfPrecedingLinesOfTheSceneOnly() {
        library.importScript(ScriptReader.read("w.txt", "w.txt",
                "A：苹果\nB：香蕉\nA：橙子\nB：葡萄\n\nA：西瓜\nB：苹果汁\n".getBytes(StandardCharsets.UTF_8),
                ImportOptions.defaults()), 2, ImportProgress.NONE);
        List<RetrievedExchange> hits = library.search(RetrievalQuery.of("苹果", List.of("B")).withPerScene(5));
        // B:香蕉 (context 苹果) and B:葡萄 (context 香蕉, 橙子: window 2, 苹果 falls out) and B:苹果汁 (its scene).
        assertEquals(List.of("香蕉"), hits.stream().filter(e -> e.scene() == 1).map(e -> e.reply().text()).toList());
        RetrievedExchange second = library.search(RetrievalQuery.of("橙子", List.of("B"))).get(0);
        assertEquals(List.of("香蕉", "橙子", "葡萄"), second.lines().stream().map(l -> l.text()).toList());
        assertTrue(library.search(RetrievalQuery.of("西瓜", List.of("B"))).get(0).lines().size() == 2);
    }

    @Test
    void inALargeIndexCommonTermsGiveWayToRareOnesButStillMatchAlone() {
        StringBuilder text = new StringBuilder();
        for (int scene = 0; scene < 700; scene++) {
            text.append("A：你好，今天天气不错\nB：你好，我们走吧\nA：").append(scene == 123 ? "火锅城就在前面" : "好的")
                    .append("\nB：慢慢走\n\n");
        }
        library.importScript(ScriptReader.read("big.txt", "big.txt", text.toString().getBytes(StandardCharsets.UTF_8),
                ImportOptions.defaults()), 6, ImportProgress.NONE);
        assertTrue(Retriever.commonThreshold(2800) < 1400, "B's 你好 is common: in all 1,400 of B's 2,800 exchanges");
        RetrievedExchange best = library.search(RetrievalQuery.of("你好，我们去火锅城吧", List.of("B"))).get(0);
        assertEquals(123 + 1, best.scene());
        assertFalse(library.search(RetrievalQuery.of("你好", List.of("B"))).isEmpty(), "only common terms: still searched");
    }

    @Test
    void removingASourceRemovesItsLinesAndExchanges() {
        importFixture();
        assertTrue(library.remove("二二三三.txt"));
        assertTrue(library.sources().isEmpty());
        assertTrue(library.store().speakerCounts().isEmpty());
        assertTrue(library.search(RetrievalQuery.of("野外迷路", SANSAN)).isEmpty());
        assertEquals(0, (int) database.read(c -> {
            try (var rows = c.createStatement().executeQuery("SELECT count(*) FROM script_lines")) {
                rows.next();
                return rows.getInt(1);
            }
        }));
        assertFalse(library.remove("二二三三.txt"));
    }

    @Test
    void aDeletedOrCorruptIndexIsRebuiltFromTheDatabase() throws IOException {
        importFixture();
        library.close();
        deleteTree(dir.resolve("index"));
        library = new ScriptLibrary(database, dir.resolve("index"), 2);
        assertEquals("看树的年轮和太阳的位置就能判断南北。",
                library.search(RetrievalQuery.of("野外迷路 南北方向", SANSAN)).get(0).reply().text());
        library.close();
        try (Stream<Path> files = Files.list(dir.resolve("index"))) {
            for (Path file : files.toList()) {
                Files.write(file, "garbage".getBytes(StandardCharsets.UTF_8));
            }
        }
        library = new ScriptLibrary(database, dir.resolve("index"), 2);
        assertEquals("看树的年轮和太阳的位置就能判断南北。",
                library.search(RetrievalQuery.of("野外迷路 南北方向", SANSAN)).get(0).reply().text());
    }

    @Test
    void aReopenedLibraryScoresExchangesOverTheIndexItFinds() throws IOException {
        importFixture();
        library.close();
        List<String> files;
        try (Stream<Path> listed = Files.list(dir.resolve("index"))) {
            files = listed.map(Path::toString).sorted().toList();
        }
        library = new ScriptLibrary(database, dir.resolve("index"), 2);
        RetrievedExchange best = library.search(RetrievalQuery.of("野外迷路 南北方向", SANSAN)).get(0);
        assertEquals(List.of(8, 9), List.of(best.firstLine(), best.lastLine()));
        assertEquals("看树的年轮和太阳的位置就能判断南北。", best.reply().text());
        try (Stream<Path> listed = Files.list(dir.resolve("index"))) {
            assertEquals(files, listed.map(Path::toString).sorted().toList(), "no rebuild");
        }
    }

    @Test
    void linesOfEachSourceStayInStepThroughImportsAndRemovals() {
        library.importScript(ScriptReader.read("a.txt", "a.txt", "A：苹果\nB：香蕉\n".getBytes(StandardCharsets.UTF_8),
                ImportOptions.defaults()), 6, ImportProgress.NONE);
        importFixture();
        library.importScript(ScriptReader.read("c.txt", "c.txt", "A：野外迷路\nA：苹果\nB：橙子\n"
                .getBytes(StandardCharsets.UTF_8), ImportOptions.defaults()), 6, ImportProgress.NONE);
        assertTrue(library.remove("a.txt"));
        List<RetrievedExchange> apples = library.search(RetrievalQuery.of("苹果", List.of("B")));
        assertEquals(1, apples.size());
        assertEquals("c.txt", apples.get(0).sourceName());
        assertEquals(List.of("野外迷路", "苹果", "橙子"), apples.get(0).lines().stream().map(l -> l.text()).toList());
        assertEquals("看树的年轮和太阳的位置就能判断南北。",
                library.search(RetrievalQuery.of("野外迷路 南北方向", SANSAN)).get(0).reply().text());
    }

    @Test
    void cancellingAnImportKeepsNothing() {
        ImportProgress cancelled = new ImportProgress() {
            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThrows(ImportCancelledException.class,
                () -> library.importFiles(List.of(fixture), ImportOptions.defaults(), cancelled));
        assertTrue(library.sources().isEmpty());
        assertTrue(library.search(RetrievalQuery.of("野外迷路", SANSAN)).isEmpty());
        assertFalse(importFixture().alreadyImported());
    }

    @Test
    void speakersLinkToPersonasByNameAndAliases() {
        importFixture();
        Persona sansan = Persona.named("sansan", "三三博士");
        Persona erer = Persona.builder("erer", "二二").aliases(List.of("姐姐")).build();
        List<SpeakerCount> speakers = library.speakers(List.of(sansan, erer));
        assertEquals(List.of(new SpeakerCount("三三", 12, ""), new SpeakerCount("二二", 10, "erer"),
                new SpeakerCount("欧卡", 2, "")), speakers);
        Persona linked = Persona.builder("sansan", "三三博士").aliases(List.of("三三")).build();
        assertEquals("sansan", library.speakers(List.of(linked, erer)).get(0).personaId());
    }

    @Test
    void scenesOfACharacterComeWholeAndFilterable() {
        importFixture();
        List<StoredLine> all = library.scenesOf(SANSAN, "", 100);
        assertEquals(24, all.size());
        List<StoredLine> filtered = library.scenesOf(SANSAN, "郁金香", 100);
        assertEquals(4, filtered.size());
        assertTrue(filtered.stream().allMatch(l -> l.line().scene() == 3));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
    @Test
    @SuppressWarnings("try") // the other writer holds the lock as a guard, without touching it
    void aSecondWriterOfTheIndexWaitsForTheFirstAndGivesUpWithAClearMessage() throws Exception {
        IndexLock other = new IndexLock(dir.resolve("index.lock"), java.time.Duration.ofSeconds(5));
        ScriptLibrary impatient = new ScriptLibrary(database, dir.resolve("index"), 1, java.time.Duration.ofMillis(600));
        List<String> stages = new java.util.concurrent.CopyOnWriteArrayList<>();
        ImportProgress progress = new ImportProgress() {
            @Override
            public void update(String stage, long done, long total) {
                stages.add(stage);
            }
        };
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (IndexLock.Held lock = other.acquire(ImportProgress.NONE)) {
                held.countDown();
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        holder.start();
        held.await();
        try {
            ScriptIndexException error = assertThrows(ScriptIndexException.class,
                    () -> impatient.importFiles(List.of(fixture), ImportOptions.defaults(), progress));
            assertTrue(error.getMessage().startsWith("Another Character Studio is writing the script index"), error.getMessage());
            assertTrue(stages.contains(IndexLock.WAITING), stages.toString());
            assertEquals(0, library.sources().size(), "nothing was imported");
        } finally {
            done.countDown();
            holder.join();
        }
        assertEquals(24, impatient.importFiles(List.of(fixture), ImportOptions.defaults(), progress).get(0).exchanges());
        impatient.close();
    }
}
