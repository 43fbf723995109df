package app.characterstudio.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.backend.FakeCompletionsServer.Fault;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The completions protocol against a loopback server; every request loop is bounded. */
@Timeout(30)
class CompletionsClientTest {
    private static final CompletionsClient.Retry FAST = new CompletionsClient.Retry(3, Duration.ofMillis(10));
    private FakeCompletionsServer server;
    private FakeCompletionsServer second;

    @BeforeEach
    void start() throws Exception {
        server = new FakeCompletionsServer();
    }

    @AfterEach
    void stop() {
        server.close();
        if (second != null) {
            second.close();
        }
    }

    private static Backend backend(int seconds, URI... urls) {
        return new Backend("test", List.of(urls), "index-1.9b-character", "", 4, Duration.ofSeconds(seconds));
    }

    private CompletionsClient client(Backend backend) {
        return new CompletionsClient(backend, name -> null, FAST);
    }

    private static CompletionRequest request(int n, boolean stream, Integer logprobs) {
        return new CompletionRequest("user: 你好\nassistant:", n, 32, 0.7, 0.9, 42L, List.of("\nuser:"), logprobs, stream,
                40, 1.1);
    }

    @Test
    void aWholeAnswerGivesEveryCandidateByIndexWithUsage() {
        CompletionResult result = client(backend(5, server.url())).complete(request(3, false, null),
                CompletionsClient.DeltaListener.IGNORE);

        assertEquals(List.of("reply 0", "reply 1", "reply 2"), result.choices().stream().map(CompletionResult.Choice::text).toList());
        assertEquals("stop", result.choices().get(0).finishReason());
        assertTrue(result.choices().get(0).logprobs().isEmpty());
        assertEquals(3, result.promptTokens());
        JsonNode sent = server.requests.get(0);
        assertEquals("index-1.9b-character", sent.path("model").asText());
        assertEquals(3, sent.path("n").asInt());
        assertEquals(32, sent.path("max_tokens").asInt());
        assertEquals(0.9, sent.path("top_p").asDouble());
        assertEquals(42, sent.path("seed").asLong());
        assertEquals("\nuser:", sent.path("stop").path(0).asText());
        assertEquals(40, sent.path("top_k").asInt());
        assertEquals(1.1, sent.path("repetition_penalty").asDouble());
        assertEquals(1.1, sent.path("repeat_penalty").asDouble(), "llama.cpp's name for it");
        assertFalse(sent.path("stream").asBoolean());
        assertFalse(sent.has("logprobs"));
    }

    @Test
    void aStreamDeliversDeltasByIndexAndEndsAtDone() {
        Map<Integer, StringBuilder> streamed = new ConcurrentHashMap<>();
        CompletionResult result = client(backend(5, server.url())).complete(request(2, true, 2),
                (index, text) -> streamed.computeIfAbsent(index, i -> new StringBuilder()).append(text));

        assertEquals("reply 0", result.choices().get(0).text());
        assertEquals("reply 1", result.choices().get(1).text());
        assertEquals("length", result.choices().get(1).finishReason());
        assertEquals("reply 0", streamed.get(0).toString());
        assertEquals("reply 1", streamed.get(1).toString());
        assertEquals(2, result.choices().get(1).logprobs().size());
        assertEquals(" 1", result.choices().get(1).logprobs().get(1).token());
        assertEquals(-0.5, result.choices().get(1).logprobs().get(1).logprob());
        assertEquals(2, result.choices().get(1).logprobs().get(1).top().size());
        assertTrue(server.requests.get(0).path("stream").asBoolean());
        assertEquals(2, server.requests.get(0).path("logprobs").asInt());
    }

    @Test
    void logprobsOfAWholeAnswerKeepTheTopAlternatives() {
        CompletionResult result = client(backend(5, server.url())).complete(request(1, false, 2),
                CompletionsClient.DeltaListener.IGNORE);

        var tokens = result.choices().get(0).logprobs();
        assertEquals(List.of("reply", " 0"), tokens.stream().map(t -> t.token()).toList());
        assertEquals("other", tokens.get(0).top().get(1).token());
        assertEquals(-1.5, tokens.get(0).top().get(1).logprob());
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedWithBackoff() {
        server.fail(Fault.RATE_LIMITED, Fault.SERVER_ERROR);

        CompletionResult result = client(backend(5, server.url())).complete(request(1, true, null),
                CompletionsClient.DeltaListener.IGNORE);

        assertEquals("reply 0", result.choices().get(0).text());
        assertEquals(3, server.completions.get());
    }

    @Test
    void aFailedRequestGoesToAnotherUrl() throws Exception {
        second = new FakeCompletionsServer();
        server.fail(Fault.SERVER_ERROR);
        second.fail(Fault.SERVER_ERROR);
        CompletionsClient client = client(backend(5, server.url(), second.url()));

        CompletionResult result = client.complete(request(1, false, null), CompletionsClient.DeltaListener.IGNORE);

        assertEquals("reply 0", result.choices().get(0).text());
        assertEquals(3, server.completions.get() + second.completions.get());
        assertTrue(server.completions.get() >= 1 && second.completions.get() >= 1, "both URLs were tried");
    }

    @Test
    void theWorkIsSpreadOverSeveralUrls() throws Exception {
        second = new FakeCompletionsServer();
        CompletionsClient client = client(backend(5, server.url(), second.url()));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 10; i++) {
                        client.complete(request(1, i % 2 == 0, null), CompletionsClient.DeltaListener.IGNORE);
                    }
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(20_000);
        }
        assertEquals(List.of(), errors);
        assertEquals(40, server.completions.get() + second.completions.get());
        assertTrue(server.completions.get() >= 10 && second.completions.get() >= 10,
                server.completions.get() + " and " + second.completions.get());
    }

    @Test
    void persistentErrorsEndAfterTheLastAttemptWithEachFailureNamed() {
        server.fail(Fault.SERVER_ERROR, Fault.RATE_LIMITED, Fault.SERVER_ERROR, Fault.SERVER_ERROR);

        BackendException error = assertThrows(BackendException.class, () -> client(backend(5, server.url()))
                .complete(request(1, false, null), CompletionsClient.DeltaListener.IGNORE));

        assertEquals(3, server.completions.get());
        assertTrue(error.getMessage().contains("failed 3 times"), error.getMessage());
        assertTrue(error.getMessage().contains("answered 429"), error.getMessage());
        assertTrue(error.getMessage().contains("engine overloaded"), error.getMessage());
    }

    @Test
    void aClientErrorIsReportedWithoutRetrying() {
        server.fail(Fault.BAD_REQUEST);

        BackendException error = assertThrows(BackendException.class, () -> client(backend(5, server.url()))
                .complete(request(1, false, null), CompletionsClient.DeltaListener.IGNORE));

        assertEquals(1, server.completions.get());
        assertTrue(error.getMessage().contains("400") && error.getMessage().contains("bad request"), error.getMessage());
    }

    @Test
    void aConnectionDroppedMidStreamIsReportedClearly() {
        server.fail(Fault.DROP_MID_STREAM);
        List<String> deltas = Collections.synchronizedList(new ArrayList<>());

        BackendException error = assertThrows(BackendException.class, () -> client(backend(5, server.url()))
                .complete(request(2, true, null), (index, text) -> deltas.add(text)));

        assertTrue(error.getMessage().contains("dropped in the middle of the stream")
                || error.getMessage().contains("without data: [DONE]"), error.getMessage());
        assertEquals(1, server.completions.get(), "a broken stream is not sent again");
        assertEquals(2, deltas.size());
    }

    @Test
    void aSlowServerHitsTheTimeout() {
        server.fail(Fault.SLOW);
        long started = System.nanoTime();

        BackendException error = assertThrows(BackendException.class, () -> client(backend(1, server.url()))
                .complete(request(1, false, null), CompletionsClient.DeltaListener.IGNORE));

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(error.getMessage().contains("did not answer within 1 s"), error.getMessage());
        assertTrue(millis >= 900 && millis < 2_900, millis + " ms");
    }

    @Test
    void aStreamThatStallsHitsTheTimeoutBetweenEvents() {
        server.fail(Fault.SLOW);

        BackendException error = assertThrows(BackendException.class, () -> client(backend(1, server.url()))
                .complete(request(1, true, null), CompletionsClient.DeltaListener.IGNORE));

        assertTrue(error.getMessage().contains("did not answer within 1 s"), error.getMessage());
    }

    @Test
    void anInterruptedCallerStopsWaitingAtOnce() throws Exception {
        server.fail(Fault.SLOW);
        CompletionsClient client = client(backend(10, server.url()));
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                client.complete(request(1, true, null), CompletionsClient.DeltaListener.IGNORE);
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        caller.start();
        Thread.sleep(300);
        long interrupted = System.nanoTime();
        caller.interrupt();
        caller.join(5_000);

        assertFalse(caller.isAlive());
        assertTrue((System.nanoTime() - interrupted) / 1_000_000 < 1_000, "stopped well before the slow answer");
        assertTrue(failure.get() instanceof BackendException && failure.get().getMessage().startsWith("Stopped while waiting"),
                String.valueOf(failure.get()));
        assertEquals(1, server.completions.get(), "not sent again");
    }

    @Test
    void aStoppedRequestEndsAtOnceAndTheGeneratorReportsItCancelled() {
        server.fail(Fault.SLOW);
        long started = System.nanoTime();
        BackendReplyGenerator generator = new BackendReplyGenerator(client(backend(10, server.url())));

        var replies = generator.generate("user: 你好", 2, app.characterstudio.chat.SamplingSettings.defaults(),
                app.characterstudio.chat.ReplyGenerator.ReplyStream.IGNORE,
                () -> System.nanoTime() - started > 200_000_000L);

        assertTrue((System.nanoTime() - started) / 1_000_000 < 2_000, "stopped well before the slow answer");
        assertEquals(2, replies.size());
        assertTrue(replies.stream().allMatch(reply -> reply.wasCancelled()));
        assertEquals("index-1.9b-character@test", generator.modelName());
    }

    @Test
    void aRefusedConnectionIsTriedAgainAndNamed() throws Exception {
        URI closed = server.url();
        server.close();

        BackendException error = assertThrows(BackendException.class, () -> client(backend(2, closed))
                .complete(request(1, false, null), CompletionsClient.DeltaListener.IGNORE));

        assertTrue(error.getMessage().contains("cannot connect to " + closed), error.getMessage());
        server = new FakeCompletionsServer();
    }

    @Test
    void theApiKeyIsSentFromTheEnvironmentAndNeverShownInErrors() {
        Backend keyed = new Backend("keyed", List.of(server.url()), "m", "STUDIO_TEST_KEY", 2, Duration.ofSeconds(5));
        CompletionsClient client = new CompletionsClient(keyed, name -> name.equals("STUDIO_TEST_KEY") ? "sk-secret-123" : null, FAST);
        client.complete(request(1, false, null), CompletionsClient.DeltaListener.IGNORE);
        assertEquals("Bearer sk-secret-123", server.authorizations.get(0));

        server.fail(Fault.BAD_REQUEST);
        BackendException error = assertThrows(BackendException.class,
                () -> client.complete(request(1, false, null), CompletionsClient.DeltaListener.IGNORE));
        assertFalse(error.getMessage().contains("sk-secret-123"));

        BackendException missing = assertThrows(BackendException.class, () -> new CompletionsClient(keyed, name -> null, FAST));
        assertTrue(missing.getMessage().contains("STUDIO_TEST_KEY"), missing.getMessage());
    }

    @Test
    void rewardScoresComeFromPoolingInTextOrderAndARetriedServerError() {
        server.fail(Fault.SERVER_ERROR);
        List<String> texts = List.of("user: 你好\n三三:你好呀", "short", "a much longer reply text here");

        CompletionsClient.Scores scores = client(backend(5, server.url())).score(texts);

        assertEquals("/pooling", scores.route());
        assertEquals(texts.stream().map(FakeCompletionsServer::score).toList(), scores.values());
        JsonNode sent = server.requests.get(server.requests.size() - 1);
        assertEquals("index-1.9b-character", sent.path("model").asText());
        assertEquals(texts.get(0), sent.path("input").path(0).asText());
    }

    @Test
    void withoutPoolingTheClassifyProbabilityIsUsedAndWithNeitherTheErrorSaysHowToServeOne() {
        server.pooling = false;
        CompletionsClient.Scores scores = client(backend(5, server.url())).score(List.of("abc"));
        assertEquals("/classify", scores.route());
        assertEquals(1 / (1 + Math.exp(-FakeCompletionsServer.score("abc"))), scores.values().get(0), 1e-12);

        server.classify = false;
        BackendException error = assertThrows(BackendException.class,
                () -> client(backend(5, server.url())).score(List.of("abc")));
        assertTrue(error.getMessage().contains("/pooling " + server.url() + " answered 404"), error.getMessage());
        assertTrue(error.getMessage().contains("--task reward"), error.getMessage());
    }

    @Test
    void aServerThatTakesOneCandidatePerRequestIsAskedOncePerCandidate() {
        server.maxN = 1;
        BackendReplyGenerator generator = new BackendReplyGenerator(client(backend(5, server.url())));
        Map<Integer, StringBuilder> streamed = new ConcurrentHashMap<>();
        app.characterstudio.chat.SamplingSettings sampling = new app.characterstudio.chat.SamplingSettings(16, 0.7, 5,
                0.8, 1.05, 7, false);

        List<app.characterstudio.chat.ReplyGenerator.GeneratedReply> replies = generator.generate("user:你好\n三三:", 3,
                sampling, (index, text) -> streamed.computeIfAbsent(index, k -> new StringBuilder()).append(text), () -> false);

        assertEquals(3, replies.size());
        assertEquals(List.of(0, 1, 2), List.copyOf(new java.util.TreeMap<>(streamed).keySet()), "each by its own index");
        assertEquals(4, server.completions.get(), "the refused n=3, then one request per candidate");
        assertEquals(List.of(7L, 8L, 9L), server.requests.subList(1, 4).stream().map(r -> r.path("seed").asLong()).toList());

        generator.generate("user:在吗\n三三:", 2, sampling, (index, text) -> { }, () -> false);
        assertEquals(6, server.completions.get(), "no n>1 is tried again");
    }
}
