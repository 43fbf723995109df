package app.characterstudio.store;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One rolling copy of the database, {@code studio.db.daily.bak}, renewed at most once a day when the
 * database is opened for writing and has just passed its check: so a damaged {@code studio.db} has a
 * healthy copy at most a day (of use) old to go back to. {@code VACUUM INTO} writes a compact,
 * consistent copy under a private name that then replaces the old copy in one rename; a failure
 * (a full disk) leaves the previous copy and never stops the work at hand.
 */
final class DailyBackup {
    static final Duration EVERY = Duration.ofHours(24);

    private DailyBackup() {
    }

    static Path fileOf(Path database) {
        return database.resolveSibling(database.getFileName() + ".daily.bak");
    }

    /** Renews the copy when it is missing or older than {@link #EVERY}; true when it was written. */
    static boolean renewIfDue(Path database, Connection connection, Instant now) {
        Path backup = fileOf(database);
        if (Files.exists(backup) && modified(backup).plus(EVERY).isAfter(now)) {
            return false;
        }
        Path partial = backup.resolveSibling("." + backup.getFileName() + ".partial-" + UUID.randomUUID());
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("VACUUM INTO '" + partial.toAbsolutePath().toString().replace("'", "''") + "'");
            }
            try {
                Files.move(partial, backup, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, backup, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (SQLException | IOException e) {
            return false; // the previous copy stays; a missing backup must not stop a label from being saved
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a hidden leftover is never taken for the backup
            }
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}
