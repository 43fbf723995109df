package app.characterstudio.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What is checked before {@code studio.db} is written: that the workspace can be written at all,
 * that the file is not empty, and {@code PRAGMA quick_check} (every page and record readable, b-trees
 * well formed; 0.8 to 3 s for a 1 GiB database, measured with {@code bench db --size-mb 1024} on two
 * cores at a load of 9 to 11, the file in the page cache; the day's daily copy adds 2 to 4 s). The check reads through a read-only
 * connection, so a refused file is left byte-identical. A refusal names the newest backup the studio
 * keeps beside the database ({@code studio.db.*.bak}: the daily copy, and one before every schema
 * upgrade) or says how to recover without one.
 */
final class DatabaseCheck {
    private static final int PROBLEMS_SHOWN = 3;

    private DatabaseCheck() {
    }

    /** Whether the database (or, when missing, its folder) can be written by this process. */
    static boolean writable(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        while (folder.getParent() != null && !Files.exists(folder)) {
            folder = folder.getParent(); // a folder still to be made is as writable as the one it goes in
        }
        return Files.isWritable(folder) && (!Files.exists(file) || Files.isWritable(file));
    }

    static void refuseReadOnlyWorkspace(Path file) {
        if (!writable(file)) {
            Path folder = file.toAbsolutePath().getParent();
            throw new StoreException("The workspace " + folder + " is read-only: " + file.getFileName()
                    + (Files.exists(file) ? " cannot be written" : " cannot be created")
                    + ". Commands that only read (list, show, search, export) still work; to change it, make the"
                    + " folder writable or copy the workspace somewhere that is.");
        }
    }

    static void refuseEmpty(Path file) {
        if (Files.isRegularFile(file) && size(file) == 0) {
            throw new StoreException(file + " is empty (0 bytes): it is not a database, and the studio will not"
                    + " take it for a new one, which would hide that your data is gone. It was left untouched. "
                    + recovery(file));
        }
    }

    /** Refuses an empty or damaged file before anything is written to it. */
    static void beforeWriting(Path file) {
        refuseEmpty(file);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + location(file, true), readOnly())) {
            Database.readVersion(file, connection);
            List<String> problems = quickCheck(connection);
            if (!problems.isEmpty()) {
                throw new StoreException(file + " is damaged (quick_check: " + String.join("; ", problems)
                        + "). Nothing was written to it; it was left byte for byte as it was. " + recovery(file));
            }
        } catch (SQLException e) {
            throw new StoreException(file + " cannot be checked (" + e.getMessage() + "). It was left untouched. "
                    + recovery(file), e);
        }
    }

    /** The problems {@code PRAGMA quick_check} reports (the first few), or none. */
    static List<String> quickCheck(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA quick_check(" + (PROBLEMS_SHOWN + 1) + ")")) {
            while (rows.next()) {
                String row = rows.getString(1);
                if (!"ok".equals(row)) {
                    problems.add(problems.size() < PROBLEMS_SHOWN ? row : "and more");
                }
            }
        } catch (SQLiteException e) {
            int code = e.getResultCode().code & 0xff;
            if (code != SQLiteErrorCode.SQLITE_CORRUPT.code && code != SQLiteErrorCode.SQLITE_NOTADB.code) {
                throw e; // busy, out of memory, I/O: not a verdict on the file
            }
            problems.add(e.getMessage());
        }
        return problems;
    }

    /** What to do next: the newest backup beside the database, or how to salvage without one. */
    static String recovery(Path file) {
        Optional<Path> backup = newestBackup(file);
        if (backup.isPresent()) {
            return "The newest backup is " + backup.get() + " (" + modified(backup.get()) + "): close the studio,"
                    + " move " + file.getFileName() + " away and copy the backup to " + file.getFileName() + ".";
        }
        return "No backup lies beside it (the studio keeps a daily copy, " + DailyBackup.fileOf(file).getFileName()
                + ", and one before each schema upgrade; neither is there)."
                + " Restore " + file.getFileName() + " from your own backups, or salvage what is readable with the"
                + " sqlite3 tool: sqlite3 " + file.getFileName() + " .recover | sqlite3 recovered.db, then move "
                + file.getFileName() + " away and put recovered.db in its place.";
    }

    static Optional<Path> newestBackup(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        String prefix = file.getFileName() + ".";
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().endsWith(".bak") && size(p) > 0)
                    .max(Comparator.comparing(DatabaseCheck::modified));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The JDBC location: the path, or for reading in a folder that cannot be written (where SQLite
     * could not create its shared-memory file) an immutable URI, unless a write-ahead log is pending.
     */
    static String location(Path file, boolean readOnly) {
        Path absolute = file.toAbsolutePath();
        Path wal = absolute.resolveSibling(absolute.getFileName() + "-wal");
        if (readOnly && !Files.isWritable(absolute.getParent()) && size(wal) <= 0) {
            return absolute.toUri() + "?immutable=1";
        }
        return absolute.toString();
    }

    private static java.util.Properties readOnly() {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(Database.BUSY_TIMEOUT_MS);
        return config.toProperties();
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
