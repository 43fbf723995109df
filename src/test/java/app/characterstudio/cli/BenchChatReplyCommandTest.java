package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.RadioScript;
import app.characterstudio.TinyModelFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench chat --reply, tiny: a real script imported, the tiny model asked for one token; figures are not asserted. */
class BenchChatReplyCommandTest {
    @TempDir
    Path dir;

    @Test
    void oneReplysStagesAreMeasuredOnARetrievingPromptOfTheAskedSize() throws Exception {
        Path script = RadioScript.write(dir);
        Path model = TinyModelFixture.copyWithContext(dir.resolve("models"), 4096);

        CliRunner.Result result = new CliRunner(dir.resolve("ws")).run("bench", "chat", "--reply", "--script",
                script.toString(), "--model", model.toString(), "--character", "林知夏", "--prompt-tokens", "400",
                "--rounds", "3", "--json");

        assertEquals(0, result.exitCode(), result.toString());
        JsonNode figures = new ObjectMapper().readTree(result.out());
        assertTrue(figures.get("prompt_tokens").asInt() >= 400, result.out());
        assertTrue(figures.get("exchanges").asInt() > 0, "retrieval took part: " + result.out());
        assertEquals(3, figures.get("rounds").asInt());
        for (String stage : new String[] {"prompt_ms", "retrieval_ms", "model_ms", "storage_ms"}) {
            assertTrue(figures.get(stage).asDouble() > 0, stage + ": " + result.out());
        }
        assertEquals(figures.get("prompt_ms").asDouble() + figures.get("storage_ms").asDouble(),
                figures.get("overhead_ms").asDouble(), 1e-9);
    }

    @Test
    void replyWithoutItsInputsSaysWhatIsMissingAndRunsNothing() {
        CliRunner.Result result = new CliRunner(dir.resolve("ws")).run("bench", "chat", "--reply", "--script",
                dir.resolve("missing.txt").toString());
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("--reply needs --script FILE, --model DIR and --character NAME"), result.err());
    }
}
