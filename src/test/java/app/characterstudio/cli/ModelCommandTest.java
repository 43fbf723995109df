package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.model.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandTest {
    @TempDir
    Path workspace;

    @Test
    void infoPrintsArchitectureParametersDtypeFilesAndTokenizer() {
        CliRunner.Result result = new CliRunner(workspace).run("model", "info", Fixtures.tinyIndex().toString());
        assertEquals(0, result.exitCode(), result.toString());
        String out = result.out();
        assertTrue(out.contains("architecture  IndexForCausalLM"), out);
        assertTrue(out.contains("parameters    67,744 (0.00 B)"), out);
        assertTrue(out.contains("dtype         F32 on disk"), out);
        assertTrue(out.contains("weights       safetensors, 21 tensors (also present: torch-bin)"), out);
        assertTrue(out.contains("model.safetensors") && out.contains("266.7 KiB"), out);
        assertTrue(out.contains("tokenizer     640 pieces"), out);
        assertTrue(out.contains("heads 4, kv heads 4, head dim 8, intermediate 96, vocab 640"), out);
        assertTrue(out.contains("rope theta 10000, norm head yes, tied embeddings no"), out);
        assertTrue(out.contains("status        ready to load"), out);
    }

    @Test
    void infoAsJsonForAShardedBinFolderNamedUnderModels() throws IOException {
        Fixtures.copy(Fixtures.tinyIndexGqa(), Files.createDirectories(workspace.resolve("models")));
        CliRunner.Result result = new CliRunner(workspace).run("model", "info", "tiny-index-gqa", "--json");
        assertEquals(2, result.exitCode(), "no tokenizer: not loadable\n" + result);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals("IndexForCausalLM", json.get("architecture").asText());
        assertEquals("torch-bin-sharded", json.get("format").asText());
        assertEquals("F16", json.get("dtypes").get(0).asText());
        assertEquals(2, json.get("config").get("kv_head_count").asInt());
        assertEquals(8, json.get("head_dim").asInt());
        assertEquals(4, json.get("files").size());
        assertTrue(json.get("tokenizer_size").isNull());
        assertTrue(json.get("problems").get(0).asText().contains("tokenizer.model"));
    }

    @Test
    void infoOfAnotherFormatAndOfABadFolder() throws IOException {
        CliRunner runner = new CliRunner(workspace);
        CliRunner.Result bin = runner.run("model", "info", Fixtures.tinyIndexBf16().toString(), "--format", "torch_bin");
        assertTrue(bin.out().contains("weights       torch-bin, 21 tensors (also present: safetensors-sharded)"), bin.out());
        assertTrue(bin.out().contains("BF16 on disk (config: BF16)"), bin.out());

        Path bad = Files.createDirectories(workspace.resolve("bad"));
        Files.writeString(bad.resolve("config.json"), "{\"architectures\": [\"GPT2LMHeadModel\"]}");
        CliRunner.Result refused = runner.run("model", "info", bad.toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("GPT2LMHeadModel") && refused.err().contains("not supported"), refused.err());

        CliRunner.Result help = runner.run("model", "info", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--json") && help.out().contains("--format"), help.out());
    }

    @Test
    void listShowsEveryFolderUnderModelsAndWhyOneCannotLoad() throws IOException {
        Path models = Files.createDirectories(workspace.resolve("models"));
        Fixtures.copy(Fixtures.tinyIndex(), models);
        Fixtures.copy(Fixtures.tinyIndexGqa(), models);
        Files.createDirectories(models.resolve("empty-folder"));
        CliRunner runner = new CliRunner(workspace);
        CliRunner.Result text = runner.run("model", "list");
        assertEquals(0, text.exitCode(), text.toString());
        String[] lines = text.out().split("\\R");
        assertEquals(3, lines.length, text.out());
        assertTrue(lines[0].startsWith("empty-folder") && lines[0].contains("problem") && lines[0].contains("config.json"),
                lines[0]);
        assertTrue(lines[1].startsWith("tiny-index ") && lines[1].contains("ready") && lines[1].contains("F32  safetensors"),
                lines[1]);
        assertTrue(lines[2].startsWith("tiny-index-gqa") && lines[2].contains("problem")
                && lines[2].contains("tokenizer.model"), lines[2]);

        JsonNode json = new ObjectMapper().readTree(runner.run("model", "list", "--json").out());
        assertEquals(3, json.size());
        assertEquals("tiny-index", json.get(1).get("name").asText());
        assertTrue(json.get(1).get("loadable").asBoolean());
        assertEquals(67744, json.get(1).get("parameter_count").asLong());
        assertTrue(json.get(0).get("parameter_count").isNull());
    }
}
