package app.characterstudio.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every format written from a mixed workspace (branches, edits, rankings, rejection-only labels,
 * retrieval) and read back as a trainer would: what LLaMA-Factory, TRL and OpenAI reject never appears.
 */
class WrittenFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyWrittenRowFollowsItsTrainersRules() throws Exception {
        try (Database database = Database.inMemory()) {
            mixedLabels(new LabelFixture(database));
            PersonaRepository personas = new PersonaRepository(dir.resolve("characters"));
            personas.save(Persona.named("lin", "林黛玉"));
            ExportService service = new ExportService(database, personas, dir.resolve("exports"), Clock.systemUTC());
            for (ExportOptions.SystemPart retrieval : ExportOptions.SystemPart.values()) {
                for (DatasetFormat format : DatasetFormats.all()) {
                    Path folder = service.export(format, ExportOptions.defaults().withSplit(0.5, 9).withSystemPart(retrieval),
                            dir.resolve(format.id() + "-" + retrieval), ExportListener.NONE).folder();
                    int rows = 0;
                    for (String split : List.of("train", "validation")) {
                        Path file = folder.resolve(split + format.layout().extension());
                        if (!Files.exists(file)) {
                            continue;
                        }
                        List<JsonNode> read = read(file, format.layout());
                        assertFalse(read.isEmpty(), "an empty file was written: " + file);
                        for (JsonNode row : read) {
                            DatasetFormatsTest.assertNoEmptyValue(format.id(), row);
                            check(format.id(), row);
                        }
                        rows += read.size();
                    }
                    assertTrue(rows > 0, format.id());
                }
            }
        }
    }

    private static void mixedLabels(LabelFixture fixture) {
        String retrieval = "[{\"text\":\"user0:在吗\\n林黛玉:在\",\"source\":\"s.txt\",\"first_line\":1,\"last_line\":2,\"score\":1.0}]";
        for (int s = 0; s < 6; s++) {
            long session = fixture.session("lin", "宝玉");
            long t1 = fixture.turn(session, null, "第一句" + s);
            long a = fixture.candidate(t1, "回答A" + s, retrieval);
            long b = fixture.candidate(t1, "回答B" + s, retrieval);
            long edit = fixture.edit(t1, a, "回答A改" + s);
            fixture.label(t1).chosen(edit).rejected(b).reasons("bland").save();
            long t2 = fixture.turn(session, b, "第二句" + s); // continues from the rejected branch
            long c = fixture.candidate(t2, "回答C" + s);
            long d = fixture.candidate(t2, "回答D" + s);
            long e = fixture.candidate(t2, "回答E" + s);
            fixture.label(t2).ranked(d, c, e).save();
            long t3 = fixture.turn(session, d, "第三句" + s);
            long f = fixture.candidate(t3, "回答F" + s);
            fixture.label(t3).rejected(f).safety().save();
            long t4 = fixture.turn(session, f, "第四句" + s);
            long g = fixture.candidate(t4, "回答G" + s);
            fixture.label(t4).chosen(g).save();
        }
    }

    private static List<JsonNode> read(Path file, DatasetFormat.Layout layout) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        if (layout == DatasetFormat.Layout.JSON_ARRAY) {
            JSON.readTree(file.toFile()).forEach(rows::add);
        } else {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }

    private static void check(String format, JsonNode row) {
        switch (format) {
            case "sharegpt-sft" -> {
                alternates(row.get("conversations"), "from", "human", "gpt", true);
                assertTrue(row.get("system").isTextual());
            }
            case "sharegpt-dpo" -> {
                alternates(row.get("conversations"), "from", "human", "gpt", false);
                assertEquals("gpt", row.get("chosen").get("from").asText());
                assertEquals("gpt", row.get("rejected").get("from").asText());
                assertFalse(row.get("chosen").equals(row.get("rejected")), "a pair of equal replies");
            }
            case "alpaca-sft", "alpaca-dpo" -> {
                for (JsonNode pair : row.get("history")) {
                    assertEquals(2, pair.size());
                }
                assertTrue(row.get("instruction").isTextual());
            }
            case "trl-sft", "openai-sft" -> alternates(withoutSystem(row.get("messages")), "role", "user", "assistant", true);
            case "trl-dpo" -> {
                alternates(withoutSystem(row.get("prompt")), "role", "user", "assistant", false);
                assertEquals("assistant", row.get("chosen").get(0).get("role").asText());
            }
            case "openai-dpo" -> alternates(withoutSystem(row.get("input").get("messages")), "role", "user", "assistant", false);
            case "kto" -> {
                alternates(withoutSystem(row.get("prompt")), "role", "user", "assistant", false);
                assertTrue(row.get("label").isBoolean());
            }
            case "index-sft", "index-dpo" -> assertTrue(row.get("prompt").asText().endsWith("林黛玉:"));
            default -> throw new AssertionError("no rule for " + format);
        }
    }

    private static List<JsonNode> withoutSystem(JsonNode messages) {
        List<JsonNode> list = new ArrayList<>();
        messages.forEach(list::add);
        assertEquals("system", list.get(0).get("role").asText(), "the system message comes first");
        return list.subList(1, list.size());
    }

    private static void alternates(JsonNode turns, String tag, String user, String assistant, boolean endsWithAssistant) {
        List<JsonNode> list = new ArrayList<>();
        turns.forEach(list::add);
        alternates(list, tag, user, assistant, endsWithAssistant);
    }

    /** user at odd positions (1st, 3rd, ...), assistant at even; ends as asked. */
    private static void alternates(List<JsonNode> turns, String tag, String user, String assistant, boolean endsWithAssistant) {
        assertFalse(turns.isEmpty());
        for (int i = 0; i < turns.size(); i++) {
            assertEquals(i % 2 == 0 ? user : assistant, turns.get(i).get(tag).asText(), "turn " + (i + 1) + " of " + turns);
        }
        assertEquals(endsWithAssistant ? 0 : 1, turns.size() % 2, "last turn of " + turns);
    }
}
