package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.model.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    private static final String PROMPT = "请你扮演“小明”与用户“user”进行对话。\nuser:你好！\n小明:";

    @TempDir
    Path workspace;

    @Test
    void greedyJsonGivesPromptIdsTokenIdsLogprobsAndTimings() throws Exception {
        Path models = Files.createDirectories(workspace.resolve("models"));
        Fixtures.copy(Fixtures.tinyIndex(), models);
        CliRunner.Result result = new CliRunner(workspace).run("generate", "--model", "tiny-index", "--prompt", PROMPT,
                "--greedy", "--repetition-penalty", "1", "--max-new-tokens", "8", "--no-speaker-stop",
                "--logprobs", "3", "--candidates", "2", "--dtype", "fp32", "--json");
        assertEquals(0, result.exitCode(), result.toString());
        JsonNode json = new ObjectMapper().readTree(result.out());
        JsonNode reference = new ObjectMapper().readTree(Fixtures.tinyIndex().resolve("reference.json").toFile());
        JsonNode expectedPrompt = reference.get("prompts").get(0);
        assertEquals(expectedPrompt.get("ids"), json.get("prompt_token_ids"));
        assertEquals("cpu", json.get("device").asText());
        assertTrue(json.get("device_reason").asText().contains("no CUDA GPU"), json.get("device_reason").asText());
        assertEquals("fp32", json.get("dtype").asText());
        assertEquals("fp32 requested", json.get("dtype_reason").asText());
        assertEquals(2, json.get("candidates").size());
        for (JsonNode candidate : json.get("candidates")) {
            JsonNode ids = candidate.get("token_ids");
            for (int i = 0; i < ids.size(); i++) {
                assertEquals(expectedPrompt.get("greedy").get(i).asInt(), ids.get(i).asInt(), "token " + i);
            }
            assertEquals(ids.size(), candidate.get("logprobs").size());
            assertEquals(3, candidate.get("logprobs").get(0).get("top").size());
            assertTrue(candidate.get("timings").get("prompt_tokens").asInt() > 0);
        }
    }

    @Test
    void plainOutputStreamsTheText() throws Exception {
        Path promptFile = workspace.resolve("prompt.txt");
        Files.writeString(promptFile, PROMPT);
        CliRunner.Result result = new CliRunner(workspace).run("generate", "--model",
                Fixtures.tinyIndex().toString(), "--prompt-file", promptFile.toString(), "--seed", "5",
                "--max-new-tokens", "10");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.err().contains("tokens/s"), result.err());
        CliRunner.Result again = new CliRunner(workspace).run("generate", "--model",
                Fixtures.tinyIndex().toString(), "--prompt-file", promptFile.toString(), "--seed", "5",
                "--max-new-tokens", "10");
        assertEquals(result.out(), again.out(), "the same seed gives the same text");
    }

    @Test
    void badSettingsAndMissingModelsAreClearErrors() {
        CliRunner cli = new CliRunner(workspace);
        CliRunner.Result badTopP = cli.run("generate", "--model", Fixtures.tinyIndex().toString(), "--prompt", "x",
                "--top-p", "2");
        assertEquals(2, badTopP.exitCode(), badTopP.toString());
        assertTrue(badTopP.err().contains("top-p"), badTopP.err());
        CliRunner.Result missing = cli.run("generate", "--model", "no-such-model", "--prompt", "x");
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("no-such-model"), missing.err());
        CliRunner.Result noPrompt = cli.run("generate", "--model", "x");
        assertEquals(2, noPrompt.exitCode(), noPrompt.toString());
    }

    @Test
    void helpDescribesTheOptions() {
        CliRunner.Result result = new CliRunner(workspace).run("generate", "--help");
        assertEquals(0, result.exitCode());
        assertTrue(result.out().contains("--candidates"));
        assertTrue(result.out().contains("--logprobs"));
        CliRunner.Result bench = new CliRunner(workspace).run("bench", "generate", "--help");
        assertTrue(bench.out().contains("--long-prompt"), bench.out());
    }
}
