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
}
