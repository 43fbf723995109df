package app.characterstudio.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A completions server on 127.0.0.1 (a free port) that answers as the OpenAI completions documentation
 * shows: candidate {@code i} of a prompt is {@code "reply i"} split into two tokens ({@code "reply"},
 * {@code " i"}), each with log-probability {@code -0.5} and two top alternatives when {@code logprobs}
 * is asked; streamed as one event per token and candidate, then {@code data: [DONE]}. Queued faults
 * answer the next requests instead.
 */
public final class FakeCompletionsServer implements AutoCloseable {
    /** NONE answers normally: it lets a later request in the queue fail. */
    public enum Fault { NONE, RATE_LIMITED, SERVER_ERROR, DROP_MID_STREAM, SLOW, BAD_REQUEST }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpServer server;
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    public final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    public final AtomicInteger completions = new AtomicInteger();
    /** Every completion waits this long first; the most completions that were in flight at once. */
    public volatile long delayMillis;
    public final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    public volatile boolean tokenize = true;
    /** llama.cpp's /tokenize: the text under "content" (a missing one counts as empty), the ids under "tokens" only. */
    public volatile boolean llamaCppTokenize;
    /** Whether the reward routes exist: a pooling server scores {@link #score}, a classifying one its sigmoid. */
    public volatile boolean pooling = true;
    public volatile boolean classify = true;
    public final AtomicInteger scoreRequests = new AtomicInteger();
    volatile long slowMillis = 3_000;
    /** Extension fields the server refuses with 400, as a strict OpenAI server does. */
    public volatile List<String> unsupported = List.of();
    /** The most candidates per request the server takes (llama.cpp's server: 1). */
    public volatile int maxN = Integer.MAX_VALUE;

    public FakeCompletionsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-completions");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/v1/completions", exchange -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                sleep(delayMillis);
                completions(exchange);
            } finally {
                inFlight.decrementAndGet();
            }
        });
        server.createContext("/tokenize", this::tokenize);
        server.createContext("/pooling", exchange -> score(exchange, "data", pooling));
        server.createContext("/classify", exchange -> score(exchange, "probs", classify));
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void fail(Fault... next) {
        faults.addAll(List.of(next));
    }

    /** Whitespace-separated words: the fake's tokenizer. */
    static int tokens(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }

    private void completions(HttpExchange exchange) throws IOException {
        JsonNode request = MAPPER.readTree(exchange.getRequestBody());
        requests.add(request);
        completions.incrementAndGet();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(authorization == null ? "" : authorization);
        for (String field : unsupported) {
            if (request.has(field)) {
                send(exchange, 400, "{\"error\": {\"message\": \"unknown field " + field + "\"}}");
                return;
            }
        }
        if (request.path("n").asInt(1) > maxN) {
            send(exchange, 400, "{\"error\": {\"code\": 400, \"message\": \"Only one completion choice is allowed\"}}");
            return;
        }
        Fault fault = faults.poll();
        if (fault == Fault.RATE_LIMITED) {
            send(exchange, 429, "{\"error\": {\"message\": \"rate limited\"}}");
            return;
        }
        if (fault == Fault.SERVER_ERROR) {
            send(exchange, 500, "{\"error\": {\"message\": \"engine overloaded\"}}");
            return;
        }
        if (fault == Fault.BAD_REQUEST) {
            send(exchange, 400, "{\"error\": {\"message\": \"bad request\"}}");
            return;
        }
        if (fault == Fault.SLOW) {
            sleep(slowMillis);
        }
        int n = request.path("n").asInt(1);
        boolean logprobs = request.has("logprobs") && !request.get("logprobs").isNull();
        int promptTokens = tokens(request.path("prompt").asText());
        if (!request.path("stream").asBoolean(false)) {
            ObjectNode body = MAPPER.createObjectNode();
            body.put("id", "cmpl-1").put("object", "text_completion").put("model", request.path("model").asText());
            ArrayNode choices = body.putArray("choices");
            for (int i = 0; i < n; i++) {
                ObjectNode choice = choices.addObject().put("index", i).put("text", "reply " + i)
                        .put("finish_reason", "stop");
                if (logprobs) {
                    choice.set("logprobs", logprobs(List.of("reply", " " + i)));
                } else {
                    choice.putNull("logprobs");
                }
            }
            body.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", 2 * n);
            send(exchange, 200, body.toString());
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (int token = 0; token < 2; token++) {
            for (int i = n - 1; i >= 0; i--) {
                String text = token == 0 ? "reply" : " " + i;
                ObjectNode chunk = MAPPER.createObjectNode().put("id", "cmpl-1").put("object", "text_completion");
                ObjectNode choice = chunk.putArray("choices").addObject().put("index", i).put("text", text);
                if (logprobs) {
                    choice.set("logprobs", logprobs(List.of(text)));
                }
                if (token == 1) {
                    choice.put("finish_reason", "length");
                } else {
                    choice.putNull("finish_reason");
                }
                out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            if (fault == Fault.DROP_MID_STREAM) {
                throw new IOException("the fake server cuts the connection");
            }
            if (fault == Fault.SLOW) {
                sleep(slowMillis);
            }
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.close();
    }

    private static ObjectNode logprobs(List<String> tokens) {
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode names = node.putArray("tokens");
        ArrayNode values = node.putArray("token_logprobs");
        ArrayNode tops = node.putArray("top_logprobs");
        for (String token : tokens) {
            names.add(token);
            values.add(-0.5);
            tops.addObject().put(token, -0.5).put("other", -1.5);
        }
        return node;
    }

    /** The fake reward model: a tenth of the text's length in characters, less one. */
    public static double score(String text) {
        return text.length() / 10.0 - 1;
    }

    private void score(HttpExchange exchange, String field, boolean served) throws IOException {
        JsonNode request = MAPPER.readTree(exchange.getRequestBody());
        requests.add(request);
        scoreRequests.incrementAndGet();
        if (!served) {
            send(exchange, 404, "{\"detail\": \"Not Found\"}");
            return;
        }
        Fault fault = faults.poll();
        if (fault == Fault.SERVER_ERROR) {
            send(exchange, 500, "{\"error\": {\"message\": \"engine overloaded\"}}");
            return;
        }
        ObjectNode body = MAPPER.createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        JsonNode input = request.path("input");
        for (int i = input.size() - 1; i >= 0; i--) {
            double score = score(input.get(i).asText());
            ObjectNode item = data.addObject().put("index", i);
            if (field.equals("probs")) {
                item.put("label", "LABEL_0").put("num_classes", 1).putArray("probs").add(1 / (1 + Math.exp(-score)));
            } else {
                item.put("object", "pooling").putArray("data").add(score);
            }
        }
        send(exchange, 200, body.toString());
    }

    private void tokenize(HttpExchange exchange) throws IOException {
        JsonNode request = MAPPER.readTree(exchange.getRequestBody());
        if (!tokenize) {
            send(exchange, 404, "{\"detail\": \"Not Found\"}");
            return;
        }
        if (llamaCppTokenize) {
            ObjectNode body = MAPPER.createObjectNode();
            ArrayNode ids = body.putArray("tokens");
            for (int i = 0; i < tokens(request.path("content").asText("")); i++) {
                ids.add(i + 1);
            }
            send(exchange, 200, body.toString());
            return;
        }
        int count = tokens(request.path("prompt").asText());
        ObjectNode body = MAPPER.createObjectNode().put("count", count).put("max_model_len", 4096);
        ArrayNode tokens = body.putArray("tokens");
        for (int i = 0; i < count; i++) {
            tokens.add(i + 1);
        }
        send(exchange, 200, body.toString());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
