package app.characterstudio.bench;

import app.characterstudio.store.BenchmarkData;
import app.characterstudio.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures what checking {@code studio.db} costs on open: a database of sessions, turns and replies
 * (prompts included, as generation stores them) is grown to the asked size, then {@code PRAGMA
 * quick_check}, the day's first {@link Database#open} (check and daily copy) and a later one are timed. A database already there at that size or
 * more is reused, so the check can be timed again after dropping the page cache.
 */
public final class DatabaseBenchmark {
    /**
     * Sizes in bytes, times in seconds: {@code quickCheckSeconds} three runs, the first on the page cache as
     * it was found; {@code openSeconds} checks; {@code firstOpenOfDaySeconds} checks and writes the daily copy.
     */
    public record Result(long databaseBytes, double fillSeconds, double[] quickCheckSeconds, double openSeconds,
                         double firstOpenOfDaySeconds, boolean ok) {
    }

    private DatabaseBenchmark() {
    }

    public static Result run(Path file, long targetBytes) {
        long fillStart = System.nanoTime();
        if (size(file) < targetBytes) {
            BenchmarkData.growConversations(file, targetBytes);
        }
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        double[] checkSeconds = new double[3];
        boolean ok = true;
        for (int run = 0; run < checkSeconds.length; run++) {
            long checkStart = System.nanoTime();
            ok &= BenchmarkData.quickCheck(file);
            checkSeconds[run] = (System.nanoTime() - checkStart) / 1e9;
        }
        BenchmarkData.forgetDailyBackup(file);
        double firstOpenSeconds = timedOpen(file);
        double openSeconds = timedOpen(file);
        return new Result(size(file), fillSeconds, checkSeconds, openSeconds, firstOpenSeconds, ok);
    }

    private static double timedOpen(Path file) {
        long start = System.nanoTime();
        Database.open(file).close();
        return (System.nanoTime() - start) / 1e9;
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
