package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.backend.FakeCompletionsServer;
import app.characterstudio.chat.ChatFixtures;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.store.Candidate;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code candidates generate --backend} end to end against the loopback completions server. */
@Timeout(60)
class BackendCandidatesTest {
    @TempDir
    Path workspace;

    @Test
    void repliesComeFromTheServerAndKeepTheBackendInTheirModelName() throws Exception {
        new PersonaRepository(workspace.resolve("characters")).save(ChatFixtures.sansan());
        Path prompts = workspace.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"message\": \"你好\"}\n{\"message\": \"在干嘛\"}\n");
        try (FakeCompletionsServer server = new FakeCompletionsServer()) {
            CliRunner cli = new CliRunner(workspace);
            cli.run("backend", "add", "gpu", "--url", server.url().toString(), "--model", "index-served", "--timeout", "5");
            String tinyModel = Path.of("src/test/resources/tiny-index").toAbsolutePath().toString();

            CliRunner.Result result = cli.run("candidates", "generate", "--character", "sansan", "--backend", "gpu",
                    "--model", tinyModel, "--input", prompts.toString(), "--candidates", "3", "--max-new-tokens", "16");

            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.out().contains("Stored 6 replies in 2 sessions for sansan."), result.out());
            assertEquals(2, server.completions.get(), "one request of n=3 per message");
            JsonNode sent = server.requests.get(0);
            assertEquals(3, sent.path("n").asInt());
            assertEquals(16, sent.path("max_tokens").asInt());
            assertTrue(sent.path("stream").asBoolean());
            assertTrue(sent.path("prompt").asText().contains("你好"), sent.toString());
            assertEquals("[\"\\n三三:\",\"\\n三三：\",\"\\nuser:\",\"\\nuser：\"]", sent.path("stop").toString(),
                    "the reply ends where the local engine ends it: at a new line of either speaker");

            CliRunner.Result again = cli.run("candidates", "generate", "--character", "sansan", "--backend", "gpu",
                    "--input", prompts.toString(), "--candidates", "3");
            assertTrue(again.out().contains("Stored 0 replies in 0 sessions"), again.out());
            assertEquals(2, server.completions.get(), "a rerun generates nothing twice");
        }
        try (Studio studio = Studio.openForReading(Workspace.open(workspace))) {
            List<Candidate> replies = studio.chat().replies(1);
            assertEquals(List.of("reply 0", "reply 1", "reply 2"), replies.stream().map(Candidate::text).toList());
            assertEquals("index-served@gpu", replies.get(0).modelName());
            assertEquals("LENGTH", replies.get(0).finishReason());
            assertTrue(replies.get(0).promptTokenCount() > 0);
        }
    }

    @Test
    void theTerminalChatTakesItsRepliesFromTheBackend() throws Exception {
        new PersonaRepository(workspace.resolve("characters")).save(ChatFixtures.sansan());
        try (FakeCompletionsServer server = new FakeCompletionsServer()) {
            new CliRunner(workspace).run("backend", "add", "gpu", "--url", server.url().toString(), "--model", "served",
                    "--timeout", "5");
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            picocli.CommandLine commandLine = StudioCommand.commandLine(w -> { }, new java.io.PrintWriter(out, true),
                    new java.io.PrintWriter(err, true));
            ChatCommand chat = commandLine.getSubcommands().get("chat").getCommand();
            chat.input = new java.io.ByteArrayInputStream("你好\n/choose 2\n/quit\n".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));

            int code = commandLine.execute("--workspace", workspace.toString(), "chat", "--character", "sansan",
                    "--backend", "gpu", "--candidates", "2");

            assertEquals(0, code, out + "\n" + err);
            assertTrue(out.toString().contains("Replies come from backend gpu (served)."), out.toString());
            assertTrue(out.toString().contains("reply 1"), out.toString());
            assertEquals(1, server.completions.get());
            assertEquals(2, server.requests.get(0).path("n").asInt());
        }
        try (Studio studio = Studio.openForReading(Workspace.open(workspace))) {
            assertEquals("served@gpu", studio.chat().replies(1).get(1).modelName());
            assertEquals((Long) studio.chat().replies(1).get(1).id(), studio.labels().find(1).orElseThrow().chosenCandidateId());
        }
    }

    @Test
    void scoreOnABackendSendsPromptAndReplyAsOneTextAndSaysWhichRouteScored() throws Exception {
        try (FakeCompletionsServer server = new FakeCompletionsServer()) {
            CliRunner cli = new CliRunner(workspace);
            cli.run("backend", "add", "rm", "--url", server.url().toString(), "--model", "index-rm", "--timeout", "5");

            CliRunner.Result result = cli.run("score", "--backend", "rm", "--prompt", "user:你好\n三三:", "--reply", "你好呀",
                    "--reply", "嗯", "--json");

            assertEquals(0, result.exitCode(), result.toString());
            JsonNode answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.out());
            assertEquals("/pooling", answer.path("route").asText());
            assertEquals("index-rm", answer.path("model").asText());
            assertEquals(FakeCompletionsServer.score("user:你好\n三三:你好呀"), answer.path("scores").path(0).asDouble());
            assertEquals(FakeCompletionsServer.score("user:你好\n三三:嗯"), answer.path("scores").path(1).asDouble());
            assertEquals(1, server.scoreRequests.get(), "both replies in one request");

            CliRunner.Result both = cli.run("score", "--backend", "rm", "--model", "x", "--prompt", "p", "--reply", "r");
            assertEquals(2, both.exitCode(), both.toString());
            assertTrue(both.err().contains("exactly one of --model RM (the local engine) or --backend NAME"), both.err());
        }
    }

    @Test
    void aRunStoppedMidwayContinuesWhereItStoppedAndGeneratesNothingTwice() throws Exception {
        new PersonaRepository(workspace.resolve("characters")).save(ChatFixtures.sansan());
        Path prompts = workspace.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"message\": \"一\"}\n{\"message\": \"二\"}\n{\"message\": \"三\"}\n");
        try (FakeCompletionsServer server = new FakeCompletionsServer()) {
            CliRunner cli = new CliRunner(workspace);
            cli.run("backend", "add", "gpu", "--url", server.url().toString(), "--model", "served", "--timeout", "5");
            String[] generate = {"candidates", "generate", "--character", "sansan", "--backend", "gpu",
                "--input", prompts.toString(), "--candidates", "2"};
            // the first message is answered, then the connection is cut in the middle of the second one's stream:
            // the run stops there as a killed one would, with the second message's replies lost
            server.fail(FakeCompletionsServer.Fault.NONE, FakeCompletionsServer.Fault.DROP_MID_STREAM);

            CliRunner.Result stopped = cli.run(generate);

            assertEquals(2, stopped.exitCode(), stopped.toString());
            assertTrue(stopped.out().contains("[1/3]") && !stopped.out().contains("[3/3]"), stopped.out());
            assertEquals(2, server.completions.get());
            try (Studio studio = Studio.openForReading(Workspace.open(workspace))) {
                assertEquals(2, studio.chat().replies(1).size());
                assertEquals(0, studio.chat().replies(2).size(), "a cut stream stores no half of its replies");
            }

            CliRunner.Result resumed = cli.run(generate);

            assertEquals(0, resumed.exitCode(), resumed.toString());
            assertTrue(resumed.out().contains("[1/3] session 1, turn 1: already has 2 replies"), resumed.out());
            assertTrue(resumed.out().contains("Stored 4 replies in 2 sessions"), resumed.out());
            assertEquals(4, server.completions.get(), "only the second and third messages were asked again");
            List<String> asked = server.requests.subList(2, 4).stream()
                    .map(request -> request.path("prompt").asText()).toList();
            assertTrue(asked.get(0).contains("user:二") && asked.get(1).contains("user:三"), asked.toString());
        }
        try (Studio studio = Studio.openForReading(Workspace.open(workspace))) {
            for (long turn = 1; turn <= 3; turn++) {
                assertEquals(2, studio.chat().replies(turn).size(), "turn " + turn);
            }
            assertEquals(3, studio.chat().sessions(null).size(), "no session was started twice");
        }
    }

    @Test
    void messagesGoInParallelUpToTheBackendAndEachIsStoredOnce() throws Exception {
        new PersonaRepository(workspace.resolve("characters")).save(ChatFixtures.sansan());
        Path prompts = workspace.resolve("prompts.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 8; i++) {
            lines.append("{\"message\": \"第").append(i).append("个问题\"}\n");
        }
        Files.writeString(prompts, lines);
        try (FakeCompletionsServer server = new FakeCompletionsServer()) {
            server.delayMillis = 150;
            CliRunner cli = new CliRunner(workspace);
            cli.run("backend", "add", "gpu", "--url", server.url().toString(), "--model", "served", "--timeout", "5",
                    "--concurrency", "4");

            CliRunner.Result result = cli.run("candidates", "generate", "--character", "sansan", "--backend", "gpu",
                    "--input", prompts.toString(), "--candidates", "2", "--parallel", "4");

            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.out().contains("Stored 16 replies in 8 sessions"), result.out());
            assertEquals(8, server.completions.get());
            assertTrue(server.maxInFlight.get() > 1 && server.maxInFlight.get() <= 4, "in flight: " + server.maxInFlight);

            CliRunner.Result local = cli.run("candidates", "generate", "--character", "sansan", "--model", "x",
                    "--input", prompts.toString(), "--parallel", "2");
            assertEquals(2, local.exitCode(), local.toString());
            assertTrue(local.err().contains("--parallel above 1 needs --backend"), local.err());
        }
        try (Studio studio = Studio.openForReading(Workspace.open(workspace))) {
            assertEquals(8, studio.chat().sessions(null).size());
            for (long turn = 1; turn <= 8; turn++) {
                assertEquals(2, studio.chat().replies(turn).size(), "turn " + turn);
            }
        }
    }

    @Test
    void anUnknownBackendOrAServerErrorIsReportedAndStoresNothing() throws Exception {
        new PersonaRepository(workspace.resolve("characters")).save(ChatFixtures.sansan());
        Path prompts = workspace.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"message\": \"你好\"}\n");
        CliRunner cli = new CliRunner(workspace);

        CliRunner.Result unknown = cli.run("candidates", "generate", "--character", "sansan", "--backend", "nope",
                "--input", prompts.toString());
        assertEquals(2, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("No backend is called nope"), unknown.err());

        try (FakeCompletionsServer server = new FakeCompletionsServer()) {
            server.fail(FakeCompletionsServer.Fault.BAD_REQUEST);
            cli.run("backend", "add", "gpu", "--url", server.url().toString(), "--model", "m", "--timeout", "5");
            CliRunner.Result refused = cli.run("candidates", "generate", "--character", "sansan", "--backend", "gpu",
                    "--input", prompts.toString());
            assertEquals(2, refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("answered 400"), refused.err());
        }
        assertTrue(cli.run("session", "list", "--json").out().contains("\"replies\" : 0"));
    }
}
