package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs end to end on a very small random model (figures are for the notes, not asserted). */
class BenchGenerateCommandTest {
    @TempDir
    Path workspace;

    @Test
    void createsARandomModelAndReportsEveryFigure() throws Exception {
        Path model = workspace.resolve("bench-model");
        CliRunner.Result result = new CliRunner(workspace).run("bench", "generate", "--keep", model.toString(),
                "--layers", "1", "--hidden", "128", "--intermediate", "256", "--decode-steps", "2",
                "--prompt-tokens", "4", "--long-prompt", "20", "--batch", "1,2", "--copy-mib", "32", "--json");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(Files.isRegularFile(model.resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(model.resolve("config.json")));
        JsonNode java = new ObjectMapper().readTree(result.out()).get("java");
        assertEquals("cpu", java.get("device").asText());
        assertEquals(2, java.get("decode").size());
        assertEquals(2, java.get("decode").get(1).get("candidates").asInt());
        assertTrue(java.get("decode").get(0).get("millis_per_step").asDouble() > 0);
        assertTrue(java.get("copy_gigabytes_per_second").asDouble() > 0, java.toString());
        assertTrue(java.get("read_gigabytes_per_second").asDouble() > 0, java.toString());
        assertTrue(java.get("bound_steps_per_second").asDouble() > 0);
        assertTrue(java.get("decode").get(0).get("times_the_copy_bound").asDouble() > 0);
        assertTrue(java.get("time_to_first_token_millis").asDouble() > 0);
        long params = java.get("parameters").asLong();
        assertEquals(2L * 65029 * 128 + 128 * (128 * 4 + 256 * 3 + 2) + 128, params);
    }
}
