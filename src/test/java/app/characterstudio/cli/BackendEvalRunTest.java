package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.backend.FakeCompletionsServer;
import app.characterstudio.store.EvalRepository.ReplyRow;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval run --backend} end to end against the loopback completions server: provenance, stop midway, resume. */
@Timeout(120)
class BackendEvalRunTest {
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aRunStoppedMidwayOnTheServerResumesWithNoDuplicatesOrGaps() throws Exception {
        Path workspace = dir.resolve("ws");
        CliRunner cli = withTheFixtureSet(workspace);
        try (FakeCompletionsServer server = new FakeCompletionsServer()) {
            assertEquals(0, cli.run("backend", "add", "gpu", "--url", server.url().toString(), "--model", "index-served",
                    "--timeout", "5").exitCode());
            // the third item's request is refused (a 400 is not retried): the run stops there, as if killed
            server.fail(FakeCompletionsServer.Fault.NONE, FakeCompletionsServer.Fault.NONE,
                    FakeCompletionsServer.Fault.BAD_REQUEST);

            CliRunner.Result first = cli.run("eval", "run", "--set", "ce", "--backend", "gpu", "--batch", "1",
                    "--max-new-tokens", "8", "--seed", "7", "--json");

            assertNotEquals(0, first.exitCode(), first.toString());
            assertTrue(first.err().contains("bad request"), first.err());
            assertEquals(3, server.completions.get());
            JsonNode stored = json.readTree(cli.run("eval", "runs", "--json").out()).get(0);
            assertEquals(2, stored.get("replies").asInt(), "the two items answered before the stop are kept");
            assertEquals("index-served@gpu", stored.get("model").asText());
            assertEquals("gpu", stored.at("/backend/name").asText());
            assertEquals("index-served", stored.at("/backend/served_model").asText());
            assertEquals(server.url().toString(), stored.at("/backend/urls/0").asText());

            CliRunner.Result again = cli.run("eval", "run", "--set", "ce", "--backend", "gpu", "--batch", "1",
                    "--max-new-tokens", "8", "--seed", "7", "--json");

            assertEquals(0, again.exitCode(), again.toString());
            JsonNode rerun = json.readTree(again.out());
            assertEquals(stored.get("id").asLong(), rerun.get("run").asLong(), "the same backend continues the run");
            assertTrue(rerun.get("resumed").asBoolean());
            assertEquals(4, rerun.get("done").asInt());
            assertEquals("gpu", rerun.at("/backend/name").asText());
            assertEquals(5, server.completions.get(), "only the two items not answered are asked again");
            List<String> answered = List.of(server.requests.get(0), server.requests.get(1), server.requests.get(3),
                    server.requests.get(4)).stream().map(r -> r.path("prompt").asText()).toList();
            assertEquals(4, new HashSet<>(answered).size(), "no item asked twice: " + answered);
            assertEquals(8, server.requests.get(4).path("max_tokens").asInt());
            assertEquals(1, server.requests.get(4).path("n").asInt());

            try (Studio studio = Studio.openForReading(Workspace.open(workspace))) {
                long runId = rerun.get("run").asLong();
                List<ReplyRow> replies = studio.evals().replies(runId);
                Set<Long> items = new HashSet<>();
                replies.forEach(r -> items.add(r.itemId()));
                assertEquals(4, replies.size());
                assertEquals(4, items.size(), "one reply per item");
                assertEquals(Set.copyOf(answered), Set.copyOf(replies.stream().map(ReplyRow::prompt).toList()),
                        "each stored prompt is the one the server answered");
                assertTrue(replies.stream().allMatch(r -> r.reply().equals("reply 0")));
            }

            server.fail(FakeCompletionsServer.Fault.NONE);
            CliRunner.Result other = cli.run("eval", "run", "--set", "ce", "--backend", "gpu", "--batch", "1",
                    "--max-new-tokens", "8", "--seed", "8", "--limit", "1", "--json");
            assertFalse(json.readTree(other.out()).get("resumed").asBoolean(), "other sampling, another run");
        }
    }

    @Test
    void parallelItemsAreInFlightTogetherAndStoredOncePerItem() throws Exception {
        Path workspace = dir.resolve("ws");
        CliRunner cli = withTheFixtureSet(workspace);
        try (FakeCompletionsServer server = new FakeCompletionsServer()) {
            server.delayMillis = 300;
            assertEquals(0, cli.run("backend", "add", "gpu", "--url", server.url().toString(), "--model", "served",
                    "--concurrency", "4", "--timeout", "5").exitCode());

            CliRunner.Result result = cli.run("eval", "run", "--set", "ce", "--backend", "gpu", "--parallel", "4",
                    "--max-new-tokens", "8", "--json");

            assertEquals(0, result.exitCode(), result.toString());
            assertEquals(4, json.readTree(result.out()).get("done").asInt());
            assertEquals(4, server.completions.get());
            assertTrue(server.maxInFlight.get() > 1, "items were in flight together: " + server.maxInFlight.get());
            try (Studio studio = Studio.openForReading(Workspace.open(workspace))) {
                List<ReplyRow> replies = studio.evals().replies(json.readTree(result.out()).get("run").asLong());
                assertEquals(4, replies.stream().map(ReplyRow::itemId).distinct().count());
            }
        }
        CliRunner.Result local = cli.run("eval", "run", "--set", "ce", "--model", "tiny", "--parallel", "2");
        assertTrue(local.err().contains("--parallel above 1 needs --backend"), local.err());
    }

    private static CliRunner withTheFixtureSet(Path workspace) throws Exception {
        CliRunner cli = new CliRunner(workspace);
        Path data = Path.of(BackendEvalRunTest.class.getResource("/charactereval").toURI());
        assertEquals(0, cli.run("eval", "set", "import-charactereval", data.toString(), "--name", "ce").exitCode());
        return cli;
    }

    @Test
    void aRunNeedsAModelOrABackend() {
        CliRunner.Result result = new CliRunner(dir.resolve("ws")).run("eval", "run", "--set", "ce");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.err().contains("--model DIR (the local engine) or --backend NAME"), result.err());
    }
}
