package app.characterstudio.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Database database;
    private LabelFixture fixture;
    private ExportService service;

    @BeforeEach
    void open() {
        database = Database.inMemory();
        fixture = new LabelFixture(database);
        PersonaRepository personas = new PersonaRepository(dir.resolve("characters"));
        personas.save(Persona.named("lin", "林黛玉"));
        Clock clock = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);
        service = new ExportService(database, personas, dir.resolve("exports"), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static DatasetFormat format(String id) {
        return DatasetFormats.byId(id);
    }

    @Test
    void theManifestNamesTheModelsAndBackendsTheRepliesCameFrom() throws Exception {
        fixture.simpleSession("lin", 3, "a");
        database.inTransaction(connection -> {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE candidates SET model_name = 'index-served@gpu' WHERE id <= 4");
                statement.executeUpdate("UPDATE candidates SET model_name = 'Index-1.9B-Character' WHERE id = 5");
            }
            return null;
        });

        ExportResult result = service.export(format("trl-dpo"), ExportOptions.defaults(), null, ExportListener.NONE);

        JsonNode models = JSON.readTree(result.folder().resolve("manifest.json").toFile()).get("models");
        assertEquals("[{\"model\":\"Index-1.9B-Character\",\"backend\":\"local\",\"records\":1},"
                + "{\"model\":\"index-served\",\"backend\":\"gpu\",\"records\":2}]", models.toString());
    }

    @Test
    void writesDataFilesDatasetInfoAndAManifestWithHashesIntoATimeNamedFolder() throws Exception {
        fixture.bulk("lin", 10, 3);

        ExportResult result = service.export(format("sharegpt-dpo"), ExportOptions.defaults(), null, ExportListener.NONE);

        assertEquals(dir.resolve("exports/sharegpt-dpo-20260304-050607"), result.folder());
        assertEquals(List.of("train.json", "validation.json", "dataset_info.json", "manifest.json"), result.files());
        JsonNode train = JSON.readTree(result.folder().resolve("train.json").toFile());
        JsonNode validation = JSON.readTree(result.folder().resolve("validation.json").toFile());
        assertEquals(30, train.size() + validation.size());
        JsonNode info = JSON.readTree(result.folder().resolve("dataset_info.json").toFile());
        assertEquals("train.json", info.get("character_studio_sharegpt_dpo_train").get("file_name").asText());
        assertEquals("validation.json", info.get("character_studio_sharegpt_dpo_validation").get("file_name").asText());
        assertTrue(info.get("character_studio_sharegpt_dpo_train").get("ranking").asBoolean());

        JsonNode manifest = JSON.readTree(result.folder().resolve("manifest.json").toFile());
        assertEquals("sharegpt-dpo", manifest.get("format").asText());
        assertEquals(30, manifest.get("counts").get("records").asInt());
        assertEquals(30, manifest.get("counts").get("rows").asInt());
        assertEquals(30, manifest.get("counts").get("per_character").get("lin").asInt());
        assertEquals(30, manifest.get("counts").get("per_reason").get("none").asInt());
        assertEquals(9, manifest.get("counts").get("sessions_by_split").get("train").asInt());
        assertEquals(1, manifest.get("counts").get("sessions_by_split").get("validation").asInt());
        assertEquals("characters", manifest.get("lengths").get("unit").asText());
        assertEquals(30, manifest.get("lengths").get("reply").get("count").asInt());
        assertEquals(0.9, manifest.get("options").get("split_ratio").asDouble());
        assertEquals("session", manifest.get("options").get("split_by").asText());
        assertFalse(manifest.get("studio_version").asText().isBlank());
        for (JsonNode file : manifest.get("files")) {
            Path written = result.folder().resolve(file.get("name").asText());
            assertEquals(sha256(written), file.get("sha256").asText(), file.toString());
            assertEquals(Files.size(written), file.get("bytes").asLong());
        }
        assertEquals(3, manifest.get("files").size(), "every file but the manifest itself");
    }

    @Test
    void theSplitNeverPutsOneConversationInBothFiles() throws Exception {
        fixture.bulk("lin", 40, 4);
        ExportResult result = service.export(format("trl-sft"), ExportOptions.defaults().withSplit(0.7, 3),
                dir.resolve("out"), ExportListener.NONE);

        Set<String> trainSessions = sessionsIn(result.folder().resolve("train.jsonl"));
        Set<String> validationSessions = sessionsIn(result.folder().resolve("validation.jsonl"));
        assertEquals(28, trainSessions.size());
        assertEquals(12, validationSessions.size());
        Set<String> both = new HashSet<>(trainSessions);
        both.retainAll(validationSessions);
        assertEquals(Set.of(), both, "sessions in both files");
    }

    /** Session tags ({@code s<id>}) of every user message in a TRL file, earlier turns included. */
    private static Set<String> sessionsIn(Path file) throws IOException {
        Set<String> sessions = new HashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            for (JsonNode message : JSON.readTree(line).get("messages")) {
                if (message.get("role").asText().equals("user")) {
                    sessions.add(message.get("content").asText().split("t")[0]);
                }
            }
        }
        return sessions;
    }

    @Test
    void theSameLabelsAndSeedGiveByteIdenticalFiles() throws Exception {
        fixture.bulk("lin", 15, 3);
        fixture.simpleSession("lin", 2, "x");
        for (DatasetFormat format : DatasetFormats.all()) {
            ExportOptions options = ExportOptions.defaults().withSplit(0.8, 11).withDedup(ExportOptions.Dedup.NEAR);
            Path first = service.export(format, options, dir.resolve("a-" + format.id()), ExportListener.NONE).folder();
            Path second = service.export(format, options, dir.resolve("b-" + format.id()), ExportListener.NONE).folder();
            List<String> names = list(first);
            assertEquals(names, list(second));
            for (String name : names) {
                assertArrayEquals(Files.readAllBytes(first.resolve(name)), Files.readAllBytes(second.resolve(name)),
                        format.id() + "/" + name);
            }
        }
        Path other = service.export(format("index-sft"), ExportOptions.defaults().withSplit(0.8, 12),
                dir.resolve("c"), ExportListener.NONE).folder();
        assertFalse(new String(Files.readAllBytes(other.resolve("train.jsonl"))).equals(
                new String(Files.readAllBytes(dir.resolve("a-index-sft/train.jsonl")))), "another seed, another split");
    }

    @Test
    void aFailureWhileWritingLeavesThePreviousExportUntouchedAndNoTemporaryFolder() throws Exception {
        fixture.bulk("lin", 50, 50);
        Path target = dir.resolve("exports/mine");
        service.export(format("trl-sft"), ExportOptions.defaults(), target, ExportListener.NONE);
        byte[] before = Files.readAllBytes(target.resolve("train.jsonl"));
        ExportListener failing = (fraction, message) -> {
            if (message.startsWith("Writing row")) {
                throw new IllegalStateException("disk full");
            }
        };

        assertThrows(IllegalStateException.class, () -> service.export(format("trl-sft"),
                ExportOptions.defaults().withSplit(0.5, 1), target, failing));

        assertArrayEquals(before, Files.readAllBytes(target.resolve("train.jsonl")));
        assertEquals(List.of("mine"), list(dir.resolve("exports")), "no partial folder left beside it");

        Path fresh = dir.resolve("exports/fresh");
        assertThrows(IllegalStateException.class, () -> service.export(format("trl-sft"), ExportOptions.defaults(),
                fresh, failing));
        assertFalse(Files.exists(fresh), "a failed first export leaves nothing");
        assertEquals(List.of("mine"), list(dir.resolve("exports")));
    }

    @Test
    void aCancelJustBeforeTheRenameLeavesNothing() throws Exception {
        fixture.bulk("lin", 3, 2);
        AtomicInteger polls = new AtomicInteger();
        List<String> messages = new ArrayList<>();
        ExportListener cancelLate = new ExportListener() {
            @Override
            public void progress(double fraction, String message) {
                messages.add(message);
            }

            @Override
            public boolean isCancelled() {
                return polls.incrementAndGet() >= 5; // the poll after every file is in the temporary folder
            }
        };
        Path target = dir.resolve("exports/cancelled");

        assertThrows(ExportCancelledException.class,
                () -> service.export(format("kto"), ExportOptions.defaults(), target, cancelLate));

        assertFalse(Files.exists(target));
        assertEquals(List.of(), list(dir.resolve("exports")));
        assertTrue(messages.contains("Reading labeled turns"), messages.toString());
    }

    @Test
    void nothingToWriteIsSaidClearlyAndWritesNothing() {
        NothingToExportException empty = assertThrows(NothingToExportException.class,
                () -> service.export(format("sharegpt-sft"), ExportOptions.defaults(), null, ExportListener.NONE));
        assertTrue(empty.getMessage().contains("no labeled turns"), empty.getMessage());

        fixture.simpleSession("lin", 2, "a");
        NothingToExportException filtered = assertThrows(NothingToExportException.class,
                () -> service.export(format("sharegpt-dpo"),
                        ExportOptions.defaults().withSafety(ExportOptions.Safety.ONLY), null, ExportListener.NONE));
        assertTrue(filtered.getMessage().contains("2 safety"), filtered.getMessage());
        assertFalse(Files.exists(dir.resolve("exports")), "not even the exports folder");
    }

    @Test
    void aFolderThatIsNotAnEarlierExportIsNeverReplaced() throws Exception {
        fixture.simpleSession("lin", 1, "a");
        Path mine = Files.createDirectories(dir.resolve("my-notes"));
        Files.writeString(mine.resolve("notes.txt"), "keep me");

        ExportException error = assertThrows(ExportException.class, () -> service.export(format("trl-sft"),
                ExportOptions.defaults(), mine, ExportListener.NONE));

        assertTrue(error.getMessage().contains("holds no earlier export"), error.getMessage());
        assertEquals(List.of("notes.txt"), list(mine));
    }

    @Test
    void aFolderWithSomeoneElsesManifestIsRefusedAndKeptWhole() throws Exception {
        fixture.simpleSession("lin", 1, "a");
        Path extension = Files.createDirectories(dir.resolve("my-extension"));
        Files.writeString(extension.resolve("manifest.json"), "{\"manifest_version\": 3, \"name\": \"Tabs\"}");
        Files.writeString(extension.resolve("background.js"), "chrome.tabs.query({}, () => {});");

        ExportException error = assertThrows(ExportException.class, () -> service.export(format("trl-sft"),
                ExportOptions.defaults(), extension, ExportListener.NONE));

        assertTrue(error.getMessage().contains("not a Character Studio export"), error.getMessage());
        assertTrue(error.getMessage().contains("background.js"), error.getMessage());
        assertEquals(List.of("background.js", "manifest.json"), list(extension));
        assertEquals("{\"manifest_version\": 3, \"name\": \"Tabs\"}", Files.readString(extension.resolve("manifest.json")));
        assertEquals(List.of("my-extension"), list(dir).stream().filter(n -> !n.equals("characters")).toList(),
                "no temporary or moved-aside folder beside it");
    }

    @Test
    void anEarlierExportWithAnythingElseInItIsRefusedNamingWhatIsThere() throws Exception {
        fixture.simpleSession("lin", 1, "a");
        Path target = dir.resolve("exports/mine");
        service.export(format("trl-sft"), ExportOptions.defaults(), target, ExportListener.NONE);
        Files.writeString(target.resolve("studio.db"), "the workspace's database");
        Files.createDirectories(target.resolve("characters"));

        ExportException error = assertThrows(ExportException.class, () -> service.export(format("trl-sft"),
                ExportOptions.defaults(), target, ExportListener.NONE));

        assertTrue(error.getMessage().contains("studio.db"), error.getMessage());
        assertTrue(error.getMessage().contains("characters"), error.getMessage());
        assertEquals("the workspace's database", Files.readString(target.resolve("studio.db")));
        assertTrue(Files.isDirectory(target.resolve("characters")));
    }

    @Test
    void anEarlierExportWhoseFileWasChangedIsRefused() throws Exception {
        fixture.simpleSession("lin", 1, "a");
        Path target = dir.resolve("exports/mine");
        service.export(format("trl-sft"), ExportOptions.defaults(), target, ExportListener.NONE);
        Files.writeString(target.resolve("train.jsonl"), "my own edits\n");

        ExportException error = assertThrows(ExportException.class, () -> service.export(format("trl-sft"),
                ExportOptions.defaults(), target, ExportListener.NONE));

        assertTrue(error.getMessage().contains("train.jsonl"), error.getMessage());
        assertEquals("my own edits\n", Files.readString(target.resolve("train.jsonl")));
    }

    @Test
    void anExportOfAnOlderStudioWithoutTheMarkerIsRefusedAsSuch() throws Exception {
        fixture.simpleSession("lin", 1, "a");
        Path target = dir.resolve("exports/old");
        service.export(format("trl-sft"), ExportOptions.defaults(), target, ExportListener.NONE);
        Path manifest = target.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"generator\" : \"character-studio-export/1\",", ""));
        assertFalse(Files.readString(manifest).contains("generator"), "the fixture no longer strips the marker");

        ExportException error = assertThrows(ExportException.class, () -> service.export(format("trl-sft"),
                ExportOptions.defaults(), target, ExportListener.NONE));

        assertTrue(error.getMessage().contains("older Character Studio"), error.getMessage());
        assertTrue(Files.exists(target.resolve("train.jsonl")));
    }

    @Test
    void anEarlierExportIsReplacedWhole() throws Exception {
        fixture.bulk("lin", 4, 2);
        Path target = dir.resolve("exports/mine");
        service.export(format("sharegpt-dpo"), ExportOptions.defaults().withSplit(0.5, 1), target, ExportListener.NONE);
        assertTrue(Files.exists(target.resolve("dataset_info.json")));

        service.export(format("trl-sft"), ExportOptions.defaults(), target, ExportListener.NONE);

        assertEquals(List.of("manifest.json", "train.jsonl", "validation.jsonl"), list(target));
        assertEquals(List.of("mine"), list(dir.resolve("exports")), "the old export is gone, nothing beside it");
    }

    @Test
    void filtersCountWhatTheyRemove() {
        long s = fixture.session("lin", "u");
        long t1 = fixture.turn(s, null, "q1");
        long a = fixture.candidate(t1, "短");
        long b = fixture.candidate(t1, "另一个");
        fixture.label(t1).chosen(a).rejected(b).reasons("too_long").save();
        long t2 = fixture.turn(s, a, "q2");
        long c = fixture.candidate(t2, "这是一个比较长的回答");
        long d = fixture.candidate(t2, "坏");
        fixture.label(t2).chosen(c).rejected(d).reasons("unsafe").safety().save();

        ExportPlan lengths = service.plan(format("trl-dpo"), ExportOptions.defaults().withLengths(2, 0), ExportListener.NONE);
        assertEquals(1, lengths.rowCount());
        assertEquals(1, lengths.counts().removed().get("reply length"));
        ExportPlan reasons = service.plan(format("trl-dpo"), ExportOptions.defaults().withReasons(Set.of("too_long")),
                ExportListener.NONE);
        assertEquals("短", reasons.train().get(0).record().chosen());
        ExportPlan safe = service.plan(format("trl-dpo"),
                ExportOptions.defaults().withSafety(ExportOptions.Safety.EXCLUDE), ExportListener.NONE);
        assertEquals(1, safe.rowCount());
        assertEquals(1, safe.counts().perReason().get("too_long"));
    }

    @Test
    void exactAndNearDuplicatesAreRemovedKeepingTheFirst() {
        for (String reply : List.of("我今天很开心，想去公园散步，看看花开了没有。", "我今天很开心，想去公园散步，看看花开了没有。",
                "我今天很开心！想去公园散步，看看花开了没有", "完全不同的一句话，讲的是另一件事情。")) {
            long s = fixture.session("lin", "u");
            long t = fixture.turn(s, null, "你今天怎么样？");
            long chosen = fixture.candidate(t, reply);
            fixture.label(t).chosen(chosen).save();
        }
        assertEquals(4, service.plan(format("trl-sft"), ExportOptions.defaults().withDedup(ExportOptions.Dedup.NONE),
                ExportListener.NONE).rowCount());
        ExportPlan exact = service.plan(format("trl-sft"), ExportOptions.defaults(), ExportListener.NONE);
        assertEquals(3, exact.rowCount());
        assertEquals(1, exact.counts().removed().get("duplicate"));
        ExportPlan near = service.plan(format("trl-sft"), ExportOptions.defaults().withDedup(ExportOptions.Dedup.NEAR),
                ExportListener.NONE);
        assertEquals(2, near.rowCount());
        assertEquals(2, near.counts().removed().get("duplicate"));
    }

    @Test
    void thePreviewShowsRowsExactlyAsWritten() throws Exception {
        fixture.simpleSession("lin", 3, "p");
        ExportPlan plan = service.plan(format("sharegpt-sft"), ExportOptions.defaults().withSplit(1.0, 1),
                ExportListener.NONE);
        ExportResult result = service.write(plan, dir.resolve("p"), ExportListener.NONE);
        List<String> lines = Files.readAllLines(result.folder().resolve("train.json"), StandardCharsets.UTF_8);
        assertEquals("[", lines.get(0));
        assertEquals(plan.preview(2).get(0) + ",", lines.get(1));
        assertEquals(plan.preview(3).get(2), lines.get(3));
        assertEquals("]", lines.get(4));
        assertFalse(Files.exists(result.folder().resolve("validation.json")), "no empty validation file");
    }

    private static List<String> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
