package app.characterstudio.cli;

import app.characterstudio.bench.ScriptBenchmark;
import app.characterstudio.bench.WorkFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "script", mixinStandardHelpOptions = true,
        description = "Generate a script corpus, import it with indexing (lines/s), then time retrievals (p50/p99).")
final class BenchScriptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--lines", defaultValue = "1000000", paramLabel = "N", description = "Corpus lines (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = "--queries", defaultValue = "1000", paramLabel = "Q", description = "Timed retrievals (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--speakers", defaultValue = "8", paramLabel = "S", description = "Speakers in the corpus (default: ${DEFAULT-VALUE}).")
    int speakers;

    @Option(names = "--threads", paramLabel = "T", description = "Indexing threads (default: available processors).")
    Integer threads;

    @Option(names = "--dir", paramLabel = "DIR", description = "Work folder (default: a temporary one, deleted after).")
    Path dir;

    @Mixin
    JsonOutput output = new JsonOutput();

    @Override
    public Integer call() throws IOException {
        Path work = dir != null ? dir : WorkFolder.temporary("bench-script");
        try {
            int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            ScriptBenchmark.Result result = ScriptBenchmark.run(work, lines, queries, speakers, threadCount);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(result));
            } else {
                out.printf("corpus: %,d lines, %,d scenes, %,d exchanges, %d speakers%n", result.lines(),
                        result.scenes(), result.exchanges(), speakers);
                out.printf("import + index: %.2f s = %,.0f lines/s (%d indexing threads, %d processors)%n",
                        result.importSeconds(), result.linesPerSecond(), result.indexingThreads(),
                        Runtime.getRuntime().availableProcessors());
                out.printf("import CPU time: %.2f s (all threads); load average at the end: %.2f%n",
                        result.importCpuSeconds(), java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                .getSystemLoadAverage());
                out.printf("retrieval: %d queries, p50 %.2f ms, p99 %.2f ms (thread CPU: p50 %.2f ms, p99 %.2f ms),"
                        + " %.1f hits per query%n", result.queries(), result.p50Millis(), result.p99Millis(),
                        result.cpuP50Millis(), result.cpuP99Millis(), result.meanHits());
                out.printf("quality: the exchange the query was cut from ranks first in %.1f%% of queries, in the"
                        + " results in %.1f%%%n", 100 * result.sourceFirstShare(), 100 * result.sourceInTopShare());
                out.printf("index on disk: %.1f MiB; heap used after import and queries: %.1f MiB%n",
                        result.indexBytes() / 1048576.0, result.heapUsedBytes() / 1048576.0);
            }
            out.flush();
            return 0;
        } finally {
            if (dir == null) {
                WorkFolder.delete(work);
            }
        }
    }
}
