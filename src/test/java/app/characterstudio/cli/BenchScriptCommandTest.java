package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the script benchmark tiny: it must work end to end; its figures are not asserted. */
class BenchScriptCommandTest {
    @TempDir
    Path dir;

    @Test
    void tinyBenchImportsEveryLineAndAnswersEveryQuery() throws Exception {
        Path work = dir.resolve("bench");
        CliRunner.Result result = new CliRunner(dir.resolve("ws")).run("bench", "script", "--lines", "600",
                "--queries", "20", "--dir", work.toString(), "--json");
        assertEquals(0, result.exitCode(), result.toString());
        JsonNode figures = new ObjectMapper().readTree(result.out());
        assertEquals(600, figures.get("lines").asInt());
        assertEquals(600, figures.get("exchanges").asLong());
        assertEquals(20, figures.get("queries").asInt());
        assertTrue(figures.get("mean_hits").asDouble() > 0, result.out());
        assertTrue(figures.get("index_bytes").asLong() > 0);
        assertTrue(Files.exists(work.resolve("bench-corpus.txt")));
    }
}
