package app.characterstudio.cli;

import app.characterstudio.bench.ExportBenchmark;
import app.characterstudio.bench.WorkFolder;
import app.characterstudio.export.DatasetFormat;
import app.characterstudio.export.DatasetFormats;
import app.characterstudio.export.ExportOptions;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench export --turns N}: fills a temporary workspace with N labeled turns (sessions of ten
 * turns, three characters, two or three replies per turn, some edits, reasons and retrieval blocks)
 * and times a full export (read, filter, dedup, split, render, write, hash) per format.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Time dataset export on N generated labeled turns in a temporary workspace.")
final class BenchExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--turns", paramLabel = "N", defaultValue = "100000", description = "Labeled turns (default ${DEFAULT-VALUE}).")
    int turns;

    @Option(names = "--format", paramLabel = "FORMAT", arity = "1..*", description = "Formats to time (default: all).")
    List<String> formats = List.of();

    @Option(names = "--dedup", paramLabel = "MODE", defaultValue = "exact", description = "exact, near or none (default ${DEFAULT-VALUE}).")
    ExportOptions.Dedup dedup;

    @Option(names = "--with-retrieval", description = "Render the retrieved exchanges into the system part.")
    boolean withRetrieval;

    @Mixin
    JsonOutput output = new JsonOutput();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path root = WorkFolder.temporary("studio-bench-export");
        try (Studio studio = Studio.open(Workspace.open(root))) {
            double generateSeconds = ExportBenchmark.fill(studio, turns);
            List<DatasetFormat> chosen = formats.isEmpty() ? DatasetFormats.all()
                    : formats.stream().map(DatasetFormats::byId).toList();
            ExportOptions options = ExportOptions.defaults().withDedup(dedup)
                    .withSystemPart(withRetrieval ? ExportOptions.SystemPart.TEMPLATE : ExportOptions.SystemPart.PERSONA);
            List<Map<String, Object>> timings = new ArrayList<>();
            if (!output.json()) {
                out.printf("generated %d labeled turns in %.1f s; exporting (dedup %s%s)%n", turns, generateSeconds,
                        dedup.name().toLowerCase(java.util.Locale.ROOT), withRetrieval ? ", with retrieval" : "");
            }
            for (DatasetFormat format : chosen) {
                ExportBenchmark.Timing t = ExportBenchmark.time(studio, format, options);
                Map<String, Object> timing = new LinkedHashMap<>();
                timing.put("format", t.format());
                timing.put("rows", t.rows());
                timing.put("bytes", t.bytes());
                timing.put("seconds", Math.round(t.seconds() * 100) / 100.0);
                timing.put("plan_seconds", Math.round(t.planSeconds() * 100) / 100.0);
                timing.put("write_seconds", Math.round(t.writeSeconds() * 100) / 100.0);
                timing.put("cpu_seconds", Math.round(t.cpuSeconds() * 100) / 100.0);
                timings.add(timing);
                if (!output.json()) {
                    out.printf("%-13s %8d rows %7.1f MB %6.2f s wall (plan %.2f + write %.2f), %.2f s CPU of the export thread%n",
                            t.format(), t.rows(), t.bytes() / 1e6, t.seconds(), t.planSeconds(), t.writeSeconds(),
                            t.cpuSeconds());
                }
                out.flush();
            }
            if (output.json()) {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("turns", turns);
                report.put("generate_seconds", Math.round(generateSeconds * 100) / 100.0);
                report.put("dedup", dedup.name().toLowerCase(java.util.Locale.ROOT));
                report.put("exports", timings);
                out.println(Json.write(report));
            }
        } finally {
            WorkFolder.delete(root);
        }
        out.flush();
        return 0;
    }
}
