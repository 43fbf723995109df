package app.characterstudio.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BackendCheckTest {
    private FakeCompletionsServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeCompletionsServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static BackendCheck check(URI... urls) {
        Backend backend = new Backend("gpu", List.of(urls), "index", "", 2, Duration.ofSeconds(5));
        return new BackendCheck(new CompletionsClient(backend, name -> null, new CompletionsClient.Retry(1, Duration.ZERO)));
    }

    @Test
    void aServerThatAcceptsEverythingAndCountsLikeTheLocalTokenizerGivesNoWarning() {
        BackendCheck.Report report = check(server.url()).run(FakeCompletionsServer::tokens);

        assertTrue(report.ok());
        assertTrue(report.urls().get(0).latencyMillis() >= 0);
        assertEquals(List.of("n", "seed", "stop", "logprobs", "stream", "top_k", "repetition_penalty"),
                List.copyOf(report.parameters().keySet()));
        assertTrue(report.parameters().values().stream().allMatch(Boolean::booleanValue));
        assertEquals(BackendCheck.SAMPLES.size(), report.tokens().size());
        assertTrue(report.tokens().stream().allMatch(count -> count.source().equals("/tokenize") && count.agrees()));
        assertEquals(List.of(), report.warnings());
        assertTrue(report.tokensPerSecond() > 0, "the fake says how many tokens it generated");
        assertEquals(BackendCheck.SPEED_TOKENS, server.requests.stream()
                .mapToInt(request -> request.path("max_tokens").asInt()).max().orElse(0));
    }

    @Test
    void llamaCppsTokenizeIsAskedWithItsOwnFieldName() {
        server.llamaCppTokenize = true;

        BackendCheck.Report report = check(server.url()).run(FakeCompletionsServer::tokens);

        assertTrue(report.tokens().stream().allMatch(count -> count.source().equals("/tokenize") && count.agrees()),
                report.tokens().toString());
        assertEquals(List.of(), report.warnings());
    }

    @Test
    void refusedFieldsAndDisagreeingTokenCountsAreReported() {
        server.unsupported = List.of("top_k", "repetition_penalty");
        server.tokenize = false;

        BackendCheck.Report report = check(server.url()).run(text -> 99);

        assertFalse(report.parameters().get("top_k"));
        assertFalse(report.parameters().get("repetition_penalty"));
        assertTrue(report.parameters().get("logprobs"));
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("refuses \"top_k\"")), report.warnings().toString());
        assertEquals("usage.prompt_tokens", report.tokens().get(0).source());
        assertEquals(FakeCompletionsServer.tokens(BackendCheck.SAMPLES.get(0)), report.tokens().get(0).server());
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("Token counts disagree")), report.warnings().toString());
    }

    @Test
    void aUrlThatDoesNotAnswerIsNamedAndTheOthersAreStillChecked() throws Exception {
        URI dead;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        BackendCheck.Report report = check(dead, server.url()).run(null);

        assertTrue(report.ok());
        assertFalse(report.urls().get(0).ok());
        assertTrue(report.urls().get(1).ok());
        assertTrue(report.warnings().get(0).startsWith(dead + " does not answer"), report.warnings().toString());
        assertEquals(-1, report.tokens().get(0).local());
    }
}
