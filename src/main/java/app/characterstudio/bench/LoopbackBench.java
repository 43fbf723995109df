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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private static final String CALLER = "bench-caller";

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
     * @param cpuMillisPerRequest       the studio's CPU time per request: process CPU less the servers' threads'
     *                                  (their handlers and the HTTP servers' dispatchers), so it includes the client,
     *                                  JSON, HTTP, garbage collection and compilation
     * @param clientCpuMillisPerRequest the part of it spent on the client's own threads (the callers, on which it
     *                                  sends, reads and parses); the rest is the JVM's compiler and garbage collector,
     *                                  for the servers' code as well as the client's
     * @param idealPerSecond            what the servers' delay and the concurrency allow: concurrency / latency
     * @param perServer                 requests each server answered, in URL order
     */
    public record Result(boolean streamed, int requests, double seconds, double requestsPerSecond,
                         double idealPerSecond, double cpuMillisPerRequest, double clientCpuMillisPerRequest,
                         List<Integer> perServer) {
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

    /**
     * Runs the same prompts streamed and as whole answers, side by side, against the same servers and client. Both
     * modes are warmed up before either is measured, so that neither pays alone for compiling the code they share.
     */
    public static List<Result> run(Settings settings) {
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
            ExecutorService callers = Executors.newFixedThreadPool(settings.concurrency(), daemon(CALLER));
            try {
                boolean[] modes = {true, false};
                for (boolean streamed : modes) {
                    drive(client, callers, Math.max(1, settings.prompts() / 3), settings, streamed);
                }
                Thread.getAllStackTraces().keySet().stream()
                        .filter(thread -> thread.getName().startsWith("HTTP-Dispatcher"))
                        .forEach(thread -> serverThreads.add(thread.getId()));
                List<Result> results = new ArrayList<>();
                for (boolean streamed : modes) {
                    results.add(measure(client, callers, servers, settings, streamed, threads, serverThreads));
                }
                return results;
            } finally {
                callers.shutdownNow();
            }
        } catch (IOException e) {
            throw new BackendException("Cannot start a loopback server for the bench: " + e.getMessage(), e);
        } finally {
            servers.forEach(FixedDelayServer::close);
        }
    }

    private static Result measure(CompletionsClient client, ExecutorService callers, List<FixedDelayServer> servers,
                                  Settings settings, boolean streamed, ThreadMXBean threads, Set<Long> serverThreads) {
        servers.forEach(server -> server.answered.set(0));
        Map<Long, Long> serverCpuBefore = cpu(threads, serverThreads);
        Map<Long, Long> clientCpuBefore = cpu(threads, clientThreads());
        long processCpuBefore = processCpu();
        long started = System.nanoTime();
        drive(client, callers, settings.prompts(), settings, streamed);
        double seconds = (System.nanoTime() - started) / 1e9;
        long processCpu = processCpu() - processCpuBefore;
        long serverCpu = since(cpu(threads, serverThreads), serverCpuBefore);
        long clientCpu = since(cpu(threads, clientThreads()), clientCpuBefore);
        double perRequest = 1e6 * settings.prompts();
        return new Result(streamed, settings.prompts(), seconds, settings.prompts() / seconds,
                settings.concurrency() / (settings.latency().toNanos() / 1e9), (processCpu - serverCpu) / perRequest,
                clientCpu / perRequest, servers.stream().map(s -> s.answered.get()).toList());
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

    /** The client's own threads: the callers, on which the client sends, reads and parses. */
    private static Set<Long> clientThreads() {
        Set<Long> ids = new java.util.HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(CALLER)) {
                ids.add(thread.getId());
            }
        }
        return ids;
    }

    private static Map<Long, Long> cpu(ThreadMXBean threads, Set<Long> ids) {
        Map<Long, Long> times = new HashMap<>();
        for (long id : ids) {
            times.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
        return times;
    }

    /** CPU time spent since {@code before}; a thread started since counts from zero, one that ended is lost. */
    private static long since(Map<Long, Long> now, Map<Long, Long> before) {
        long total = 0;
        for (Map.Entry<Long, Long> thread : now.entrySet()) {
            total += Math.max(0, thread.getValue() - before.getOrDefault(thread.getKey(), 0L));
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

    /**
     * A completions server that answers every request after the bench's delay, streamed or whole. Its answers are
     * made once, so that its own work (and the garbage it would leave for the studio's collector) stays small, and it
     * sends with {@code TCP_NODELAY}, as inference servers do: without it each answer's body waits for the client's
     * delayed acknowledgement of its headers (about 40 ms on Linux), and the servers, not the studio, set the pace.
     */
    private static final class FixedDelayServer implements AutoCloseable {
        static {
            // read once, when the JDK's HTTP server first starts in this JVM: only the bench and tests' fakes use it
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }

        private final HttpServer server;
        private final Settings settings;
        private final byte[] streamedAnswer;
        private final byte[] wholeAnswer;
        final AtomicInteger answered = new AtomicInteger();

        FixedDelayServer(Settings settings, Set<Long> threadIds) throws IOException {
            this.settings = settings;
            streamedAnswer = streamed(settings.candidates(), settings.tokens());
            wholeAnswer = whole(settings.candidates(), settings.tokens());
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

        /** One event per token and candidate, as vLLM streams them, then {@code [DONE]}. */
        private static byte[] streamed(int n, int tokens) {
            StringBuilder events = new StringBuilder();
            for (int token = 0; token < tokens; token++) {
                for (int i = 0; i < n; i++) {
                    ObjectNode chunk = MAPPER.createObjectNode().put("object", "text_completion");
                    ObjectNode choice = chunk.putArray("choices").addObject().put("index", i).put("text", "字");
                    if (token == tokens - 1) {
                        choice.put("finish_reason", "length");
                    } else {
                        choice.putNull("finish_reason");
                    }
                    events.append("data: ").append(chunk).append("\n\n");
                }
            }
            return events.append("data: [DONE]\n\n").toString().getBytes(StandardCharsets.UTF_8);
        }

        private static byte[] whole(int n, int tokens) {
            ObjectNode body = MAPPER.createObjectNode().put("object", "text_completion");
            ArrayNode choices = body.putArray("choices");
            for (int i = 0; i < n; i++) {
                choices.addObject().put("index", i).put("text", "字".repeat(tokens)).put("finish_reason", "length");
            }
            body.putObject("usage").put("prompt_tokens", 8).put("completion_tokens", n * tokens);
            return body.toString().getBytes(StandardCharsets.UTF_8);
        }

        private void answer(HttpExchange exchange) throws IOException {
            JsonNode request = MAPPER.readTree(exchange.getRequestBody());
            if (request.path("n").asInt(1) != settings.candidates()) {
                throw new IOException("the bench asked for " + request.path("n") + " candidates");
            }
            try {
                Thread.sleep(settings.latency().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            answered.incrementAndGet();
            boolean streamed = request.path("stream").asBoolean();
            exchange.getResponseHeaders().add("Content-Type", streamed ? "text/event-stream" : "application/json");
            // a stream's length is not known ahead (0: chunked), as with a real server
            exchange.sendResponseHeaders(200, streamed ? 0 : wholeAnswer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(streamed ? streamedAnswer : wholeAnswer);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
