package app.characterstudio.cli;

import app.characterstudio.bench.LoopbackBench;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench backend}: the completions client's own cost against loopback servers with a fixed delay. */
@Command(name = "backend", mixinStandardHelpOptions = true,
        description = {"Drive N prompts through the completions client to S loopback servers that each answer after "
                + "a fixed delay, streamed and as whole answers side by side.",
            "Reports requests/s against the ideal (concurrency / delay), the studio's own CPU time per request (the "
                + "process's CPU less the servers' threads': client, JSON, HTTP, GC and JIT; and the part of it on the "
                + "client's own threads), and how evenly the requests spread over the servers. Both modes are warmed "
                + "up (a third as many requests each) before either is measured. Opens sockets on 127.0.0.1 only."})
final class BenchBackendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--prompts", paramLabel = "N", defaultValue = "1000", description = "Requests (default ${DEFAULT-VALUE}).")
    int prompts;

    @Option(names = "--servers", paramLabel = "S", defaultValue = "4", description = "Loopback servers (default ${DEFAULT-VALUE}).")
    int servers;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "50",
            description = "Each server's delay per request (default ${DEFAULT-VALUE}).")
    int latencyMillis;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "16",
            description = "Requests in flight (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "4", description = "n per request (default ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--tokens", paramLabel = "T", defaultValue = "64",
            description = "Tokens per candidate, one streamed event each (default ${DEFAULT-VALUE}).")
    int tokens;

    @picocli.CommandLine.Mixin
    JsonOutput output = new JsonOutput();

    @Override
    public Integer call() {
        List<LoopbackBench.Result> results = LoopbackBench.run(new LoopbackBench.Settings(prompts, servers,
                Duration.ofMillis(latencyMillis), concurrency, candidates, tokens));
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.write(results));
        } else {
            out.printf(Locale.ROOT, "%d prompts, %d servers answering in %d ms, concurrency %d, n=%d, %d tokens each%n",
                    prompts, servers, latencyMillis, concurrency, candidates, tokens);
            out.println("mode      req/s   ideal  share  studio CPU ms/req  of which client  per server        busiest/quietest");
            for (LoopbackBench.Result result : results) {
                out.printf(Locale.ROOT, "%-7s %7.1f %7.1f %5.0f%% %18.3f %16.3f  %-17s %.2f%n",
                        result.streamed() ? "stream" : "whole", result.requestsPerSecond(), result.idealPerSecond(),
                        100 * result.efficiency(), result.cpuMillisPerRequest(), result.clientCpuMillisPerRequest(),
                        result.perServer(), result.imbalance());
            }
            out.println("studio CPU: the process's CPU less the servers' threads'; of which client: the callers' threads, "
                    + "which send, read and parse; the rest is the JVM's compiler and collector.");
        }
        out.flush();
        return 0;
    }
}
