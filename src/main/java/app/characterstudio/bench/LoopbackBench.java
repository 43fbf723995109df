package app.characterstudio.bench;

import app.characterstudio.backend.Backend;
import app.characterstudio.backend.BackendException;
import app.characterstudio.backend.CompletionRequest;
import app.characterstudio.backend.CompletionResult;
import app.characterstudio.backend.CompletionsClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench backend}: drives prompts through the completions client to several completions servers on the
 * loopback address that each answer after a fixed delay, and measures what the studio itself costs: CPU time
 * per request (the process's CPU time less the servers' own threads'), requests per second against the ideal
 * that the servers' delay and the concurrency allow, and how evenly the requests spread over the servers.
 * It opens sockets only on 127.0.0.1 and only when run.
 */
public final class LoopbackBench {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param prompts     requests measured (after a warm-up of a third as many, not counted)
     * @param servers     loopback servers, the backend's URLs
     * @param latency     how long each server takes to answer a request
     * @param concurrency the backend's requests in flight
     * @param candidates  {@code n} per request
     * @param tokens      tokens per candidate (one streamed event each)
     */
    public record Settings(int prompts, int servers, Duration latency, int concurrency, int candidates, int tokens) {
        public Settings {
            if (prompts < 1 || servers < 1 || concurrency < 1 || candidates < 1 || tokens < 1) {
                throw new IllegalArgumentException("prompts, servers, concurrency, candidates and tokens must be at least 1");
            }
        }
    }

    /**
     * One measured run.
     *
     * @param cpuMillisPerRequest the studio's CPU time per request: process CPU less the servers' threads' (their
     *                            handlers and the HTTP servers' dispatchers), so it includes the client, JSON, HTTP,
     *                            garbage collection and compilation
     * @param idealPerSecond      what the servers' delay and the concurrency allow: concurrency / latency
     * @param perServer           requests each server answered, in URL order
     */
    public record Result(boolean streamed, int requests, double seconds, double requestsPerSecond,
                         double idealPerSecond, double cpuMillisPerRequest, List<Integer> perServer) {
        /** Requests per second as a share of the ideal: near 1 when the studio is not the bottleneck. */
        public double efficiency() {
            return requestsPerSecond / idealPerSecond;
        }

        /** The busiest server's requests over the quietest's: 1 is perfectly even. */
        public double imbalance() {
            int min = perServer.stream().mapToInt(Integer::intValue).min().orElse(0);
            int max = perServer.stream().mapToInt(Integer::intValue).max().orElse(0);
            return min == 0 ? Double.POSITIVE_INFINITY : (double) max / min;
        }
    }

    private LoopbackBench() {
    }

    /** Runs the same prompts streamed and as whole answers, side by side. */
    public static List<Result> run(Settings settings) {
        List<Result> results = new ArrayList<>();
        for (boolean streamed : new boolean[] {true, false}) {
            results.add(runOnce(settings, streamed));
        }
        return results;
    }

    private static Result runOnce(Settings settings, boolean streamed) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Set<Long> serverThreads = ConcurrentHashMap.newKeySet();
        List<FixedDelayServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < settings.servers(); i++) {
                servers.add(new FixedDelayServer(settings, serverThreads));
            }
            Backend backend = new Backend("bench", servers.stream().map(FixedDelayServer::url).toList(), "bench-model",
                    "", settings.concurrency(), Duration.ofSeconds(60));
            CompletionsClient client = new CompletionsClient(backend, name -> null, CompletionsClient.Retry.DEFAULT);
            ExecutorService callers = Executors.newFixedThreadPool(settings.concurrency(), daemon("bench-caller"));
            try {
                drive(client, callers, Math.max(1, settings.prompts() / 3), settings, streamed);
                Thread.getAllStackTraces().keySet().stream()
                        .filter(thread -> thread.getName().startsWith("HTTP-Dispatcher"))
                        .forEach(thread -> serverThreads.add(thread.getId()));
                servers.forEach(server -> server.answered.set(0));
                long serverCpuBefore = cpu(threads, serverThreads);
                long processCpuBefore = processCpu();
                long started = System.nanoTime();
                drive(client, callers, settings.prompts(), settings, streamed);
                double seconds = (System.nanoTime() - started) / 1e9;
                long studioCpu = (processCpu() - processCpuBefore) - (cpu(threads, serverThreads) - serverCpuBefore);
                return new Result(streamed, settings.prompts(), seconds, settings.prompts() / seconds,
                        settings.concurrency() / (settings.latency().toNanos() / 1e9),
                        studioCpu / 1e6 / settings.prompts(), servers.stream().map(s -> s.answered.get()).toList());
            } finally {
                callers.shutdownNow();
            }
        } catch (IOException e) {
            throw new BackendException("Cannot start a loopback server for the bench: " + e.getMessage(), e);
        } finally {
            servers.forEach(FixedDelayServer::close);
        }
    }

    private static void drive(CompletionsClient client, ExecutorService callers, int count, Settings settings,
                              boolean streamed) {
        List<Future<CompletionResult>> calls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            CompletionRequest request = new CompletionRequest("user:第" + i + "个问题\n三三:", settings.candidates(),
                    settings.tokens(), 0.7, 0.8, null, List.of("\nuser:"), null, streamed, 5, null);
            calls.add(callers.submit(() -> client.complete(request, CompletionsClient.DeltaListener.IGNORE)));
        }
        for (Future<CompletionResult> call : calls) {
            try {
                CompletionResult result = call.get();
                if (result.choices().size() != settings.candidates()) {
                    throw new BackendException("The bench got " + result.choices().size() + " candidates, not "
                            + settings.candidates() + ".");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("The bench was interrupted.");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new BackendException("A bench request failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    private static long processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new BackendException("This JVM does not report its CPU time; the bench needs it.");
    }

    private static long cpu(ThreadMXBean threads, Set<Long> ids) {
        long total = 0;
        for (long id : ids) {
            long time = threads.getThreadCpuTime(id);
            total += Math.max(0, time);
        }
        return total;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A completions server that answers every request after the bench's delay, streamed or whole. */
    private static final class FixedDelayServer implements AutoCloseable {
        private final HttpServer server;
        private final Settings settings;
        final AtomicInteger answered = new AtomicInteger();

        FixedDelayServer(Settings settings, Set<Long> threadIds) throws IOException {
            this.settings = settings;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            server.setExecutor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(() -> {
                    threadIds.add(Thread.currentThread().getId());
                    runnable.run();
                }, "bench-server");
                thread.setDaemon(true);
                return thread;
            }));
            server.createContext("/v1/completions", this::answer);
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        private void answer(HttpExchange exchange) throws IOException {
            JsonNode request = MAPPER.readTree(exchange.getRequestBody());
            int n = request.path("n").asInt(1);
            try {
                Thread.sleep(settings.latency().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            answered.incrementAndGet();
            if (request.path("stream").asBoolean()) {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    StringBuilder events = new StringBuilder();
                    for (int token = 0; token < settings.tokens(); token++) {
                        for (int i = 0; i < n; i++) {
                            ObjectNode chunk = MAPPER.createObjectNode().put("object", "text_completion");
                            ObjectNode choice = chunk.putArray("choices").addObject().put("index", i).put("text", "字");
                            if (token == settings.tokens() - 1) {
                                choice.put("finish_reason", "length");
                            } else {
                                choice.putNull("finish_reason");
                            }
                            events.append("data: ").append(chunk).append("\n\n");
                        }
                    }
                    events.append("data: [DONE]\n\n");
                    out.write(events.toString().getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            ObjectNode body = MAPPER.createObjectNode().put("object", "text_completion");
            ArrayNode choices = body.putArray("choices");
            for (int i = 0; i < n; i++) {
                choices.addObject().put("index", i).put("text", "字".repeat(settings.tokens())).put("finish_reason", "length");
            }
            body.putObject("usage").put("prompt_tokens", 8).put("completion_tokens", n * settings.tokens());
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
