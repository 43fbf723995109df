package app.characterstudio.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Random;

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
            fill(file, targetBytes);
        }
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        double[] checkSeconds = new double[3];
        boolean ok = true;
        for (int run = 0; run < checkSeconds.length; run++) {
            long checkStart = System.nanoTime();
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
                ok &= DatabaseCheck.quickCheck(connection).isEmpty();
            } catch (SQLException e) {
                throw new StoreException("Cannot check " + file + ": " + e.getMessage(), e);
            }
            checkSeconds[run] = (System.nanoTime() - checkStart) / 1e9;
        }
        try {
            Files.deleteIfExists(DailyBackup.fileOf(file));
        } catch (IOException e) {
            throw new StoreException("Cannot delete " + DailyBackup.fileOf(file) + ": " + e.getMessage(), e);
        }
        double firstOpenSeconds = timedOpen(file);
        double openSeconds = timedOpen(file);
        return new Result(size(file), fillSeconds, checkSeconds, openSeconds, firstOpenSeconds, ok);
    }

    private static double timedOpen(Path file) {
        long start = System.nanoTime();
        Database.open(file).close();
        return (System.nanoTime() - start) / 1e9;
    }

    private static void fill(Path file, long targetBytes) {
        Random random = new Random(7);
        try (Database database = Database.open(file)) {
            long session = 0;
            while (size(file) + walSize(file) < targetBytes) {
                long first = session;
                database.inTransaction(connection -> {
                    insertSessions(connection, first, 200, random);
                    return null;
                });
                session += 200;
                database.read(connection -> {
                    try (var statement = connection.createStatement()) {
                        return statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                    }
                });
            }
        }
    }

    private static void insertSessions(Connection connection, long first, int count, Random random) throws SQLException {
        try (PreparedStatement session = connection.prepareStatement(
                     "INSERT INTO sessions (id, character_id, title, created_at, updated_at) VALUES (?, 'lin', ?, 1, 1)");
             PreparedStatement turn = connection.prepareStatement(
                     "INSERT INTO turns (session_id, user_text, created_at) VALUES (?, ?, 1)",
                     java.sql.Statement.RETURN_GENERATED_KEYS);
             PreparedStatement candidate = connection.prepareStatement(
                     "INSERT INTO candidates (turn_id, text, origin, prompt_text, created_at) VALUES (?, ?, 'model', ?, 1)")) {
            for (long s = first + 1; s <= first + count; s++) {
                session.setLong(1, s);
                session.setString(2, "session " + s);
                session.executeUpdate();
                for (int t = 0; t < 10; t++) {
                    turn.setLong(1, s);
                    turn.setString(2, text(random, 80));
                    turn.executeUpdate();
                    long turnId;
                    try (var keys = turn.getGeneratedKeys()) {
                        keys.next();
                        turnId = keys.getLong(1);
                    }
                    for (int c = 0; c < 3; c++) {
                        candidate.setLong(1, turnId);
                        candidate.setString(2, text(random, 300));
                        candidate.setString(3, text(random, 1200));
                        candidate.executeUpdate();
                    }
                }
            }
        }
    }

    private static String text(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x4E00 + random.nextInt(3000)));
        }
        return text.toString();
    }

    private static long walSize(Path file) {
        return size(file.resolveSibling(file.getFileName() + "-wal"));
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
