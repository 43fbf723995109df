package app.characterstudio.cli;

import app.characterstudio.bench.DatabaseBenchmark;
import app.characterstudio.bench.WorkFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "db", mixinStandardHelpOptions = true,
        description = "Grow a database of conversations to --size-mb, then time PRAGMA quick_check and a whole open"
                + " for writing (which runs it, and once a day writes studio.db.daily.bak).")
final class BenchDbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--size-mb", defaultValue = "1024", paramLabel = "MB", description = "Database size (default: ${DEFAULT-VALUE}).")
    long sizeMb;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Work folder, kept so the check can be timed again on a cold cache (default: a temporary one, deleted after).")
    Path dir;

    @Override
    public Integer call() throws IOException {
        if (sizeMb < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--size-mb must be at least 1, not " + sizeMb + ".");
        }
        Path work = dir != null ? Files.createDirectories(dir) : WorkFolder.temporary("bench-db");
        try {
            DatabaseBenchmark.Result result = DatabaseBenchmark.run(work.resolve("studio.db"), sizeMb << 20);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("database: %.1f MiB (filled in %.1f s)%n", result.databaseBytes() / 1048576.0, result.fillSeconds());
            double[] checks = result.quickCheckSeconds();
            out.printf("PRAGMA quick_check, three runs: %.2f s (page cache as found), %.2f s, %.2f s; %s%n", checks[0],
                    checks[1], checks[2], result.ok() ? "ok" : "problems found");
            out.printf("open for writing (quick_check included): %.2f s%n", result.openSeconds());
            out.printf("first open of the day (quick_check and the daily copy): %.2f s%n", result.firstOpenOfDaySeconds());
            out.flush();
            return 0;
        } finally {
            if (dir == null) {
                WorkFolder.delete(work);
            }
        }
    }
}
