package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, item 4: a bad card in the middle of several files; every file gets its result, exit 2. */
class PersonaImportEveryFileTest {
    @TempDir
    Path workspace;

    @TempDir
    Path files;

    @Test
    void aCardWithNicknamesAsAnObjectIsReportedAndTheFilesAroundItStillImport() throws Exception {
        Path first = Files.writeString(files.resolve("first.json"), "{\"name\":\"Ann\",\"description\":\"a\"}");
        Path bad = Files.writeString(files.resolve("bad.json"), "{\"spec\":\"chara_card_v2\",\"data\":{\"name\":\"Bo\","
                + "\"nickname\":\"B\",\"extensions\":{\"character_studio\":{\"nicknames\":{\"a\":\"b\"}}}}}");
        Path last = Files.writeString(files.resolve("last.json"), "{\"name\":\"Cy\",\"description\":\"c\"}");
        CliRunner cli = new CliRunner(workspace);

        CliRunner.Result plain = cli.run("persona", "import", first.toString(), bad.toString(), last.toString());
        assertEquals(2, plain.exitCode(), plain.toString());
        assertEquals("ann\ncy\n", plain.out());
        assertTrue(plain.err().startsWith("error: " + bad + ": extensions.character_studio.nicknames should be a list"),
                plain.err());
        assertTrue(!plain.err().contains("Exception") && !plain.err().contains("\tat "), plain.err());

        CliRunner.Result json = cli.run("persona", "import", "--json", first.toString(), bad.toString(), last.toString());
        assertEquals(2, json.exitCode(), json.toString());
        JsonNode results = new ObjectMapper().readTree(json.out());
        assertEquals(3, results.size());
        assertEquals("ann-2", results.get(0).get("ids").get(0).asText());
        assertTrue(results.get(1).get("error").asText().contains("nicknames"), json.out());
        assertEquals(0, results.get(1).get("ids").size());
        assertEquals("cy-2", results.get(2).get("ids").get(0).asText());
        assertTrue(results.get(2).get("error").isNull(), json.out());
        assertNull(cli.run("persona", "show", "bo").exitCode() == 0 ? "bo exists" : null, "the bad card wrote nothing");
    }
}
