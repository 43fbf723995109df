package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.backend.FakeCompletionsServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class BackendCommandTest {
    @TempDir
    Path workspace;

    @Test
    void backendsAreAddedListedReplacedAndRemoved() throws Exception {
        CliRunner cli = new CliRunner(workspace);

        CliRunner.Result added = cli.run("backend", "add", "gpu", "--url", "http://10.0.0.5:8000/v1/, https://gpu2.lan",
                "--model", "index-1.9b-character", "--api-key-env", "STUDIO_KEY", "--concurrency", "16", "--timeout", "30");
        assertEquals(0, added.exitCode(), added.toString());
        assertTrue(added.out().startsWith("Added backend gpu: http://10.0.0.5:8000,https://gpu2.lan"), added.out());

        CliRunner.Result list = cli.run("backend", "list", "--json");
        JsonNode backends = new ObjectMapper().readTree(list.out());
        assertEquals(1, backends.size());
        assertEquals("STUDIO_KEY", backends.get(0).path("api_key_env").asText());
        assertEquals(16, backends.get(0).path("concurrency").asInt());
        assertEquals(30, backends.get(0).path("timeout_seconds").asInt());
        assertEquals("https://gpu2.lan", backends.get(0).path("urls").get(1).asText());

        CliRunner.Result replaced = cli.run("backend", "add", "gpu", "--url", "http://127.0.0.1:8000", "--model", "m");
        assertTrue(replaced.out().startsWith("Replaced backend gpu"), replaced.out());
        assertTrue(cli.run("backend", "list").out().contains("gpu  http://127.0.0.1:8000  model m"));

        assertEquals(0, cli.run("backend", "remove", "gpu").exitCode());
        CliRunner.Result again = cli.run("backend", "remove", "gpu");
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("No backend is called gpu"), again.err());
        assertFalse(cli.run("backend", "list").out().contains("gpu"));
    }

    @Test
    void badSettingsAreRefusedWithReasons() {
        CliRunner cli = new CliRunner(workspace);

        CliRunner.Result ftp = cli.run("backend", "add", "x", "--url", "ftp://host", "--model", "m");
        assertEquals(2, ftp.exitCode());
        assertTrue(ftp.err().contains("must start with http:// or https://"), ftp.err());
        CliRunner.Result key = cli.run("backend", "add", "x", "--url", "http://h", "--model", "m", "--api-key-env", "sk-abc.123");
        assertTrue(key.err().contains("NAME of an environment variable"), key.err());
        CliRunner.Result local = cli.run("backend", "add", "local", "--url", "http://h", "--model", "m");
        assertTrue(local.err().contains("local engine"), local.err());
        CliRunner.Result zero = cli.run("backend", "add", "x", "--url", "http://h", "--model", "m", "--concurrency", "0");
        assertTrue(zero.err().contains("Concurrency must be between"), zero.err());
    }

    @Test
    void checkReportsLatencyParametersAndTokenCounts() throws Exception {
        try (FakeCompletionsServer server = new FakeCompletionsServer()) {
            server.unsupported = java.util.List.of("repetition_penalty");
            CliRunner cli = new CliRunner(workspace);
            cli.run("backend", "add", "gpu", "--url", server.url().toString(), "--model", "index", "--timeout", "5");

            CliRunner.Result text = cli.run("backend", "check", "gpu");
            assertEquals(0, text.exitCode(), text.toString());
            assertTrue(text.out().contains(server.url() + "  ok  "), text.out());
            assertTrue(text.out().contains("accepts: logprobs n seed stop stream top_k"), text.out());
            assertTrue(text.out().contains("warning: The server refuses \"repetition_penalty\""), text.out());

            Path tinyModel = Path.of("src/test/resources/tiny-index").toAbsolutePath();
            CliRunner.Result json = cli.run("backend", "check", "gpu", "--json", "--model-dir", tinyModel.toString());
            JsonNode report = new ObjectMapper().readTree(json.out());
            assertTrue(report.path("tokens").get(0).path("local").asInt() > 0, json.out());
            assertEquals("/tokenize", report.path("tokens").get(0).path("source").asText());
            assertFalse(report.path("parameters").path("repetition_penalty").asBoolean());
        }
    }

    @Test
    void checkOfAServerThatIsDownFailsWithExitOne() throws Exception {
        String url;
        try (FakeCompletionsServer server = new FakeCompletionsServer()) {
            url = server.url().toString();
        }
        CliRunner cli = new CliRunner(workspace);
        cli.run("backend", "add", "gone", "--url", url, "--model", "index", "--timeout", "2");

        CliRunner.Result result = cli.run("backend", "check", "gone");

        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.out().contains("FAILED") && result.out().contains("cannot connect to " + url), result.out());
        assertTrue(Files.exists(workspace.resolve("studio.db")));
    }
}
