package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
    @TempDir
    Path workspace;

    private void label(int turns) {
        try (Database database = Database.open(workspace.resolve("studio.db"))) {
            app.characterstudio.bench.ExportBenchmark.generate(database, turns);
        }
    }

    @Test
    void exportsAFormatIntoTheOutFolderAndReportsAsJson() throws Exception {
        label(40);
        CliRunner.Result result = new CliRunner(workspace).run("export", "--format", "sharegpt-dpo",
                "--out", workspace.resolve("out").toString(), "--split", "0.75", "--seed", "3", "--json");

        assertEquals(0, result.exitCode(), result.toString());
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals("sharegpt-dpo", json.get("format").asText());
        // each session of ten turns: 10 pairs (chosen, rejected) + 2 edits also preferred over their origin
        assertEquals(48, json.get("rows").asInt());
        assertEquals(36, json.get("train_rows").asInt(), "3 of 4 sessions train");
        assertEquals(12, json.get("validation_rows").asInt());
        assertTrue(Files.isRegularFile(workspace.resolve("out/train.json")));
        assertTrue(Files.isRegularFile(workspace.resolve("out/dataset_info.json")));
        assertTrue(Files.isRegularFile(workspace.resolve("out/manifest.json")));
    }

    @Test
    void optionsReachTheExport() {
        label(100);
        CliRunner runner = new CliRunner(workspace);
        CliRunner.Result onlyLin = runner.run("export", "--format", "trl-sft", "--character", "zhao",
                "--safety", "exclude", "--preview", "1");
        assertEquals(0, onlyLin.exitCode(), onlyLin.toString());
        assertTrue(onlyLin.out().startsWith("{\"messages\":[{\"role\":\"system\""), onlyLin.out());
        assertTrue(onlyLin.out().contains("trl-sft: 39 rows"), "zhao has sessions 1, 4, 7, 10; one safety case: " + onlyLin.out());
        assertTrue(onlyLin.out().contains("outside the chosen characters"), onlyLin.out());
        assertFalse(Files.exists(workspace.resolve("exports")), "a preview writes nothing");

        CliRunner.Result defaultFolder = runner.run("export", "--format", "index-sft", "--with-retrieval",
                "--dedup", "near", "--reason", "bland", "--from", "2026-01-01", "--to", "2026-01-02");
        assertEquals(0, defaultFolder.exitCode(), defaultFolder.toString());
        assertTrue(defaultFolder.out().contains("Written to " + workspace.resolve("exports").toAbsolutePath()
                + "/index-sft-"), defaultFolder.out());
    }

    @Test
    void theSystemPartIsAChoiceWithTheStoredPromptAsDefault() throws Exception {
        label(10);
        CliRunner runner = new CliRunner(workspace);
        CliRunner.Result stored = runner.run("export", "--format", "trl-sft", "--preview", "1", "--json");
        assertEquals(0, stored.exitCode(), stored.toString());
        JsonNode json = new ObjectMapper().readTree(stored.out());
        assertEquals("stored", json.get("system_part").asText());
        assertEquals(json.get("records").asInt(), json.get("prompts_rebuilt_from_template").asInt(),
                "the fixture stores no prompts, so every one is rebuilt and counted");

        CliRunner.Result persona = runner.run("export", "--format", "trl-sft", "--preview", "1", "--system", "persona");
        assertEquals(0, persona.exitCode(), persona.toString());
        assertTrue(persona.out().contains("system part: Persona only"), persona.out());
        CliRunner.Result template = runner.run("export", "--format", "trl-sft", "--preview", "1", "--system", "template");
        assertTrue(template.out().contains("system part: Rebuilt from the template")
                && !template.out().contains("without a stored prompt"), template.out());

        CliRunner.Result bad = runner.run("export", "--format", "trl-sft", "--system", "everything");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("Unknown system part 'everything'; expected stored, template or persona."),
                bad.err());
    }

    @Test
    void editPairsAreOnByDefaultCountedAndCanBeTurnedOff() throws Exception {
        label(40);
        CliRunner runner = new CliRunner(workspace);
        JsonNode on = new ObjectMapper().readTree(runner.run("export", "--format", "sharegpt-dpo", "--preview", "1",
                "--json").out());
        assertTrue(on.get("edit_pairs").asBoolean());
        assertEquals(8, on.get("pairs_from_edits").asInt(), "2 edits chosen over their origin in each of 4 sessions");
        JsonNode off = new ObjectMapper().readTree(runner.run("export", "--format", "sharegpt-dpo", "--preview", "1",
                "--json", "--no-edit-pairs").out());
        assertFalse(off.get("edit_pairs").asBoolean());
        assertEquals(0, off.get("pairs_from_edits").asInt());
        assertEquals(on.get("rows").asInt() - 8, off.get("rows").asInt());
        CliRunner.Result text = runner.run("export", "--format", "sharegpt-dpo", "--preview", "1");
        assertTrue(text.out().contains("Edits as pairs: on, 8 pairs (edit chosen, original rejected)"), text.out());
    }

    @Test
    void sessionsNarrowTheExportAndTheManifestNamesThem() throws Exception {
        label(40);
        Path out = workspace.resolve("two");
        CliRunner.Result result = new CliRunner(workspace).run("export", "--format", "trl-sft", "--session", "3", "1",
                "--split", "1", "--out", out.toString(), "--json");
        assertEquals(0, result.exitCode(), result.toString());
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals("[1,3]", manifest.get("options").get("sessions").toString());
        assertEquals(2, manifest.get("counts").get("sessions_by_split").get("train").asInt());
    }

    @Test
    void nothingToExportAndBadOptionsAreClearErrors() {
        CliRunner runner = new CliRunner(workspace);
        CliRunner.Result empty = runner.run("export", "--format", "kto");
        assertEquals(2, empty.exitCode());
        assertTrue(empty.err().contains("Nothing to export as kto"), empty.err());
        assertFalse(Files.exists(workspace.resolve("exports")));

        CliRunner.Result format = runner.run("export", "--format", "csv");
        assertEquals(2, format.exitCode());
        assertTrue(format.err().contains("Unknown export format 'csv'"), format.err());

        CliRunner.Result split = runner.run("export", "--format", "kto", "--split", "0");
        assertTrue(split.err().contains("split ratio"), split.err());
    }

    @Test
    void helpListsTheFormatsAndTheBenchCommandRuns() {
        CliRunner runner = new CliRunner(workspace);
        CliRunner.Result help = runner.run("export", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("index-dpo") && help.out().contains("--with-retrieval"), help.out());
        assertTrue(help.out().contains("--system=PART") && help.out().contains("default stored")
                && help.out().contains("persona   only"), help.out());

        CliRunner.Result bench = runner.run("bench", "export", "--turns", "200", "--format", "kto", "trl-dpo");
        assertEquals(0, bench.exitCode(), bench.toString());
        assertTrue(bench.out().contains("kto"), bench.out());
        assertTrue(bench.out().contains("trl-dpo"), bench.out());
    }
}
