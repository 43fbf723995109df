package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eval commands end to end with the tiny model and the tiny reward model. */
class EvalCommandTest {
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(EvalCommandTest.class.getResource("/" + name).toURI());
    }

    @Test
    void importRunResumeScoreExportAndReportFromTheCommandLine() throws Exception {
        CliRunner cli = new CliRunner(dir.resolve("ws"));
        CliRunner.Result imported = cli.run("eval", "set", "import-charactereval", resource("charactereval").toString(),
                "--name", "ce", "--json");
        assertEquals(0, imported.exitCode(), imported.toString());
        assertEquals(4, json.readTree(imported.out()).get("items").asInt());

        // the tiny model reads 256 positions: a short template of each character keeps the prompts inside
        Path template = Files.writeString(dir.resolve("short.txt"), "${role_info}${dialog}\n${role_name}:");
        for (JsonNode persona : json.readTree(cli.run("persona", "list", "--json").out())) {
            CliRunner.Result saved = cli.run("template", "set", "--character", persona.get("id").asText(), "--file",
                    template.toString());
            assertEquals(0, saved.exitCode(), saved.toString());
        }
        String model = resource("tiny-index").toString();
        CliRunner.Result first = cli.run("eval", "run", "--set", "ce", "--model", model, "--limit", "3",
                "--max-new-tokens", "6", "--json");
        assertEquals(0, first.exitCode(), first.toString());
        JsonNode run = json.readTree(first.out());
        long id = run.get("run").asLong();
        assertEquals(3, run.get("done").asInt());
        assertEquals(64, run.get("weights_sha256").asText().length());
        assertFalse(run.get("resumed").asBoolean());
        assertTrue(first.err().contains("3/3 items"), first.err());

        CliRunner.Result again = cli.run("eval", "run", "--set", "ce", "--model", model, "--limit", "3",
                "--max-new-tokens", "6", "--json");
        JsonNode rerun = json.readTree(again.out());
        assertEquals(id, rerun.get("run").asLong(), "the same settings continue the same run");
        assertTrue(rerun.get("resumed").asBoolean());

        CliRunner.Result score = cli.run("eval", "score", String.valueOf(id), "--rm",
                resource("tiny-reward-seqcls").toString(), "--max-tokens", "180", "--json");
        assertEquals(0, score.exitCode(), score.toString());
        assertTrue(json.readTree(score.out()).get("scorer").asText().startsWith("rm:tiny-reward-seqcls@"));

        Path out = dir.resolve("results");
        CliRunner.Result export = cli.run("eval", "export", String.valueOf(id), "--out", out.toString());
        assertEquals(0, export.exitCode(), export.toString());
        assertEquals(3, json.readTree(out.resolve("generation.jsonl").toFile()).size());
        assertTrue(Files.exists(out.resolve("evaluation.jsonl")));

        CliRunner.Result report = cli.run("eval", "report", String.valueOf(id), "--json");
        assertEquals(0, report.exitCode(), report.toString());
        JsonNode r = json.readTree(report.out());
        assertEquals("Fluency", r.get("metrics").get(0).get("name").asText());
        assertEquals(1, r.get("metrics").get(0).get("first").get("count").asInt());
        assertTrue(r.get("average").get("first").get("mean").isNumber());
        CliRunner.Result text = cli.run("eval", "report", String.valueOf(id));
        assertTrue(text.out().contains("Groups"), text.out());

        CliRunner.Result list = cli.run("eval", "runs", "--json");
        assertEquals(1, json.readTree(list.out()).size());
        assertEquals("tiny-index", json.readTree(list.out()).get(0).get("model").asText());
    }

    @Test
    void theBenchAnswersEveryItemWithOneModelLoad() throws Exception {
        CliRunner.Result bench = new CliRunner(dir.resolve("ws")).run("bench", "eval", "--model",
                resource("tiny-index").toString(), "--items", "6", "--max-new-tokens", "4", "--json");
        assertEquals(0, bench.exitCode(), bench.toString());
        JsonNode figures = json.readTree(bench.out());
        assertEquals(6, figures.get("items").asInt());
        assertEquals(1, figures.get("model_loads").asInt());
        assertTrue(figures.get("prefill_share").asDouble() > 0 && figures.get("prefill_share").asDouble() < 1);
    }

    @Test
    void aBadFolderIsRefusedWithTheFileAndNothingWritten() throws Exception {
        CliRunner cli = new CliRunner(dir.resolve("ws"));
        Files.createDirectories(dir.resolve("empty"));
        CliRunner.Result result = cli.run("eval", "set", "import-charactereval", dir.resolve("empty").toString());
        assertTrue(result.exitCode() != 0, result.toString());
        assertTrue(result.err().contains("test_data.jsonl: not found"), result.err());
        assertEquals(0, json.readTree(cli.run("eval", "set", "list", "--json").out()).size());
        assertEquals(0, cli.run("eval", "--help").exitCode());
    }
}
