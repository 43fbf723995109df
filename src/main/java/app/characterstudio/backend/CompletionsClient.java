package app.characterstudio.backend;

import app.characterstudio.chat.TokenProbability;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ConnectException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * Talks to one backend's servers over the OpenAI-compatible completions API. Each request goes to the
 * base URL with the fewest requests in flight; a 429, a 5xx or a refused connection is tried again
 * on another URL after a growing pause, a bounded number of times. A timeout, a stream that breaks
 * off and any other answer are reported, not retried. The API key is read from the environment
 * variable the backend names and is never part of a message. HTTP is {@link Http1Client}'s, on the caller's
 * thread; a stream is read by {@link CompletionStreamReader}.
 */
public final class CompletionsClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int ERROR_SNIPPET = 300;

    /** How often a failed request is tried in all, and the first pause (doubled each time). */
    public record Retry(int attempts, Duration firstPause) {
        public static final Retry DEFAULT = new Retry(4, Duration.ofMillis(250));

        public Retry {
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("attempts must be 1..10, got " + attempts);
            }
        }
    }

    /** Receives streamed text as it arrives (on an HTTP thread), by candidate index. */
    @FunctionalInterface
    public interface DeltaListener {
        void onDelta(int index, String text);

        DeltaListener IGNORE = (index, text) -> { };
    }

    /** A plain JSON answer: for checks ({@code /tokenize}, probes). */
    public record Answer(int status, String body, URI servedBy, Duration latency) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private record Endpoint(URI base, AtomicInteger outstanding) {
    }

    private final Backend backend;
    private final String apiKey;
    private final Retry retry;
    private final List<Endpoint> endpoints;
    private final Semaphore permits;
    private final AtomicInteger rotation = new AtomicInteger();
    private final Http1Client http;

    public CompletionsClient(Backend backend, Function<String, String> environment, Retry retry) {
        this(backend, environment, retry, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** As the public constructor, with {@code tls} making the https connections (tests trust their own server). */
    CompletionsClient(Backend backend, Function<String, String> environment, Retry retry, SSLSocketFactory tls) {
        this.backend = backend;
        this.retry = retry;
        if (backend.apiKeyEnv().isEmpty()) {
            apiKey = "";
        } else {
            String key = environment.apply(backend.apiKeyEnv());
            if (key == null || key.isBlank()) {
                throw new BackendException("Backend " + backend.name() + " takes its API key from the environment "
                        + "variable " + backend.apiKeyEnv() + ", which is not set.");
            }
            apiKey = key.strip();
        }
        endpoints = backend.urls().stream().map(url -> new Endpoint(url, new AtomicInteger())).toList();
        permits = new Semaphore(backend.concurrency(), true);
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, backend.timeout().toMillis());
        http = new Http1Client(timeoutMillis, Math.max(5, Math.min(100, timeoutMillis / 10)), tls);
    }

    /** A client that reads the API key from the process environment. */
    public static CompletionsClient of(Backend backend) {
        return new CompletionsClient(backend, System::getenv, Retry.DEFAULT);
    }

    public Backend backend() {
        return backend;
    }

    /** The request was given up because its caller asked to stop; the connection is closed. */
    public static final class Cancelled extends BackendException {
        private static final long serialVersionUID = 1L;

        Cancelled(URI base) {
            super("Stopped the request to " + base + ".");
        }
    }

    /** Sends a completions request; streamed text goes to {@code listener} when {@code request.stream()}. */
    public CompletionResult complete(CompletionRequest request, DeltaListener listener) {
        return complete(request, listener, () -> false);
    }

    /**
     * As {@link #complete(CompletionRequest, DeltaListener)}, polling {@code stop} while waiting: when it turns
     * true the connection is closed and {@link Cancelled} thrown.
     */
    public CompletionResult complete(CompletionRequest request, DeltaListener listener, BooleanSupplier stop) {
        ObjectNode body = requestBody(request);
        if (request.stream()) {
            CompletionStreamReader reader = new CompletionStreamReader(request.n(), listener);
            Answer answer = refuseErrors(send("/v1/completions", body, reader, stop));
            return reader.result(answer.servedBy());
        }
        Answer answer = refuseErrors(send("/v1/completions", body, null, stop));
        try {
            return parseWhole(MAPPER.readTree(answer.body()), request.n(), answer.servedBy());
        } catch (JsonProcessingException e) {
            throw new BackendException(answer.servedBy() + " answered with something other than JSON: "
                    + snippet(answer.body()), e);
        }
    }

    private Answer refuseErrors(Answer answer) {
        if (!answer.ok()) {
            throw new Refused(answer.status(), refusal(answer));
        }
        return answer;
    }

    /** The server answered the request with an error status (after any retries). */
    public static final class Refused extends BackendException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private String refusal(Answer answer) {
        return answer.servedBy() + " answered " + answer.status() + ": " + snippet(answer.body());
    }

    /** POSTs JSON to {@code path} under one base URL, once, and returns whatever it answers: for checks. */
    public Answer postTo(URI base, String path, ObjectNode body) {
        try {
            return exchange(base, path, body, null, () -> false);
        } catch (RetryableFailure e) {
            throw new BackendException(e.getMessage());
        }
    }

    /**
     * Reward scores from a server that serves a sequence-classification reward model: one per text, in order.
     *
     * @param route {@code "/pooling"} (the head's raw output, as the studio's own reward model scores) or
     *              {@code "/classify"} (the server's probability for a one-label head: a sigmoid of that score)
     */
    public record Scores(List<Double> values, String route) {
        public Scores {
            values = List.copyOf(values);
        }
    }

    /**
     * Scores each text with the backend's reward model through vLLM's {@code POST /pooling} (raw scores), or
     * {@code POST /classify} where the server has no pooling route. Texts go in one request; a 429 or 5xx is
     * retried as completions are.
     */
    public Scores score(List<String> texts) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no text to score");
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", backend.model());
        texts.forEach(body.putArray("input")::add);
        Answer pooling = send("/pooling", body, null, () -> false);
        if (pooling.ok()) {
            return new Scores(parseScores(pooling, texts.size(), "data"), "/pooling");
        }
        Answer classify = send("/classify", body, null, () -> false);
        if (classify.ok()) {
            return new Scores(parseScores(classify, texts.size(), "probs"), "/classify");
        }
        throw new BackendException("Backend " + backend.name() + " scores nothing: /pooling " + refusal(pooling)
                + "; /classify " + refusal(classify) + ". Serve a reward model (a *ForSequenceClassification "
                + "checkpoint) with vLLM's pooling runner, e.g. vllm serve RM --task reward.");
    }

    /** {@code data[i].FIELD} of each text by {@code index}: a number, or (nested) numbers whose last one is taken. */
    private List<Double> parseScores(Answer answer, int n, String field) {
        JsonNode root;
        try {
            root = MAPPER.readTree(answer.body());
        } catch (JsonProcessingException e) {
            throw new BackendException(answer.servedBy() + " answered with something other than JSON: "
                    + snippet(answer.body()), e);
        }
        Double[] scores = new Double[n];
        JsonNode data = root.path("data");
        for (int i = 0; i < data.size(); i++) {
            JsonNode item = data.get(i);
            int index = item.path("index").asInt(i);
            JsonNode value = item.path(field);
            while (value.isArray() && !value.isEmpty()) {
                value = value.get(value.size() - 1);
            }
            if (index < 0 || index >= n || !value.isNumber()) {
                throw new BackendException(answer.servedBy() + " answered a score that is not a number at index "
                        + index + ": " + snippet(item.toString()));
            }
            scores[index] = value.asDouble();
        }
        for (int i = 0; i < n; i++) {
            if (scores[i] == null) {
                throw new BackendException(answer.servedBy() + " returned " + data.size() + " scores for " + n
                        + " texts (none for text " + (i + 1) + ").");
            }
        }
        return List.of(scores);
    }

    ObjectNode requestBody(CompletionRequest request) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", backend.model());
        body.put("prompt", request.prompt());
        body.put("n", request.n());
        body.put("max_tokens", request.maxTokens());
        body.put("temperature", request.temperature());
        body.put("top_p", request.topP());
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (!request.stop().isEmpty()) {
            request.stop().forEach(body.putArray("stop")::add);
        }
        if (request.logprobs() != null) {
            body.put("logprobs", request.logprobs());
        }
        body.put("stream", request.stream());
        if (request.topK() != null) {
            body.put("top_k", request.topK());
        }
        if (request.repetitionPenalty() != null) {
            body.put("repetition_penalty", request.repetitionPenalty());
            // llama.cpp's server reads its own name for it and ignores the other; vLLM ignores this one
            body.put("repeat_penalty", request.repetitionPenalty());
        }
        return body;
    }

    /**
     * Sends {@code body} until an answer that is not a 429 or 5xx; {@code reader}, when given, reads a 200's stream.
     * Only an attempt that failed before any event arrived is tried again, so one reader serves every attempt.
     */
    private Answer send(String path, ObjectNode body, CompletionStreamReader reader, BooleanSupplier stop) {
        int attempts = retry.attempts();
        Set<URI> tried = new HashSet<>();
        List<String> failures = new ArrayList<>();
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (attempt > 0) {
                pause(retry.firstPause().multipliedBy(1L << (attempt - 1)));
            }
            Endpoint endpoint = pick(tried);
            tried.add(endpoint.base());
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("Stopped while waiting for a free request slot on backend " + backend.name() + ".");
            }
            endpoint.outstanding().incrementAndGet();
            try {
                Answer answer = exchange(endpoint.base(), path, body, reader, stop);
                if (!(answer.status() == 429 || answer.status() / 100 == 5)) {
                    return answer;
                }
                failures.add(refusal(answer));
            } catch (RetryableFailure e) {
                failures.add(e.getMessage());
            } finally {
                endpoint.outstanding().decrementAndGet();
                permits.release();
            }
        }
        throw new BackendException("Backend " + backend.name() + " failed " + attempts + " times: "
                + String.join("; ", failures));
    }

    /** The endpoint with the fewest requests in flight, preferring ones this request has not tried. */
    private Endpoint pick(Set<URI> tried) {
        int start = Math.floorMod(rotation.getAndIncrement(), endpoints.size());
        Endpoint best = null;
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint candidate = endpoints.get((start + i) % endpoints.size());
            if (best == null || rank(candidate, tried) < rank(best, tried)) {
                best = candidate;
            }
        }
        return best;
    }

    private static long rank(Endpoint endpoint, Set<URI> tried) {
        return (tried.contains(endpoint.base()) ? 1L << 32 : 0) + endpoint.outstanding().get();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("Stopped while waiting to try the backend again.");
        }
    }

    /** A failure before the server sent anything: another URL may do better. */
    private static final class RetryableFailure extends Exception {
        private static final long serialVersionUID = 1L;

        RetryableFailure(String message) {
            super(message, null, false, false);
        }
    }

    private Answer exchange(URI base, String path, ObjectNode body, CompletionStreamReader reader, BooleanSupplier stop)
            throws RetryableFailure {
        List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json",
                "Accept", reader != null ? "text/event-stream" : "application/json"));
        if (!apiKey.isEmpty()) {
            headers.add("Authorization");
            headers.add("Bearer " + apiKey);
        }
        long timeoutNanos = backend.timeout().toNanos();
        Http1Client.Watch watch = quietNanos -> {
            if (stop.getAsBoolean()) {
                throw new Cancelled(base);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new BackendException("Stopped while waiting for " + base + ".");
            }
            if (quietNanos > timeoutNanos) {
                throw new BackendException(base + " did not answer within " + backend.timeout().toSeconds()
                        + " s" + (reader != null && reader.events() > 0 ? " (the stream stopped after "
                        + reader.events() + " events)" : "") + ". Raise the backend's --timeout, or check the server.");
            }
        };
        long started = System.nanoTime();
        try {
            Http1Client.Response response = http.post(base, path, headers, body.toString().getBytes(StandardCharsets.UTF_8),
                    reader == null ? null : status -> status == 200 ? reader.start(base) : null, watch);
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            if (reader != null && response.status() == 200) {
                reader.finish(base);
            }
            return new Answer(response.status(), response.body(), base, latency);
        } catch (IOException e) {
            if (reader != null && reader.started()) {
                throw new BackendException("The connection to " + base + " dropped in the middle of the stream, after "
                        + reader.events() + " events (" + describe(e) + "). The replies of this request are lost.");
            }
            String failed = e instanceof ConnectException ? "cannot connect to "
                    : e instanceof SSLException ? "no secure connection to " : "no answer from ";
            throw new RetryableFailure(failed + base + " (" + describe(e) + ")");
        }
    }

    private String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + redact(message));
    }

    private String snippet(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return redact(flat.length() > ERROR_SNIPPET ? flat.substring(0, ERROR_SNIPPET) + "…" : flat);
    }

    private String redact(String text) {
        return apiKey.isEmpty() ? text : text.replace(apiKey, "***");
    }

    private static CompletionResult parseWhole(JsonNode root, int n, URI servedBy) {
        Map<Integer, CompletionResult.Choice> byIndex = new TreeMap<>();
        for (JsonNode choice : root.path("choices")) {
            int index = checkedIndex(choice, n, servedBy);
            List<TokenProbability> tokens = logprobs(choice.path("logprobs"));
            int count = !tokens.isEmpty() ? tokens.size() : n == 1 ? root.path("usage").path("completion_tokens").asInt(0) : 0;
            byIndex.put(index, new CompletionResult.Choice(index, choice.path("text").asText(""),
                    choice.path("finish_reason").asText(""), tokens, count));
        }
        if (byIndex.size() != n) {
            throw new BackendException(servedBy + " returned " + byIndex.size() + " choices, not the " + n + " asked for.");
        }
        return new CompletionResult(List.copyOf(byIndex.values()), root.path("usage").path("prompt_tokens").asInt(-1),
                servedBy);
    }

    private static int checkedIndex(JsonNode choice, int n, URI servedBy) {
        int index = choice.path("index").asInt(-1);
        if (index < 0 || index >= n) {
            throw new BackendException(servedBy + " returned a choice with index " + choice.path("index")
                    + ", outside 0.." + (n - 1) + ".");
        }
        return index;
    }

    /** The completions API's {@code logprobs}: {@code tokens}, {@code token_logprobs}, {@code top_logprobs}. */
    static List<TokenProbability> logprobs(JsonNode node) {
        List<TokenProbability> tokens = new ArrayList<>();
        JsonNode names = node.path("tokens");
        for (int i = 0; i < names.size(); i++) {
            List<TokenProbability.Alternative> top = new ArrayList<>();
            node.path("top_logprobs").path(i).properties().forEach(alternative ->
                    top.add(new TokenProbability.Alternative(alternative.getKey(), alternative.getValue().asDouble())));
            tokens.add(new TokenProbability(names.path(i).asText(), node.path("token_logprobs").path(i).asDouble(), top));
        }
        return tokens;
    }
}
