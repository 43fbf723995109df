package app.characterstudio.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The workspace's SQLite database ({@code studio.db}): WAL journal, foreign keys on, versioned
 * migrations, and every write inside a transaction. One connection, used by one thread at a time.
 *
 * <p>A database written by a newer studio, or one that is not a SQLite file, is refused before
 * anything is written to it.
 */
public final class Database implements AutoCloseable {
    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating where missing) and migrates the database at {@code file}. */
    public static Database open(Path file) {
        Connection connection = connect(file);
        try {
            int version = readVersion(file, connection);
            if (version > Migrations.latestVersion()) {
                throw new StoreException(file + " has schema version " + version
                        + ", newer than this studio knows (" + Migrations.latestVersion()
                        + "). Open it with a newer Character Studio; it was left untouched.");
            }
            Database database = new Database(file, connection);
            database.configure();
            database.migrateFrom(version);
            return database;
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** An in-memory database, migrated to the latest schema: for tests and dry runs. */
    public static Database inMemory() {
        return open(null);
    }

    public Path file() {
        return file;
    }

    public int schemaVersion() {
        return read(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        });
    }

    /** Runs {@code work} in one transaction: all of it is committed, or none of it. */
    public <T> T inTransaction(SqlWork<T> work) {
        lock.lock();
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("Database " + describe() + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs read-only {@code work} on the connection. */
    public <T> T read(SqlWork<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("Database " + describe() + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeQuietly(connection);
        } finally {
            lock.unlock();
        }
    }

    /** Work against the connection; SQL errors become {@link StoreException}s naming the file. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private static Connection connect(Path file) {
        String url = file == null ? "jdbc:sqlite::memory:" : "jdbc:sqlite:" + file.toAbsolutePath();
        try {
            if (file != null && file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            return DriverManager.getConnection(url);
        } catch (SQLException | IOException e) {
            throw new StoreException("Cannot open database " + file + ": " + e.getMessage(), e);
        }
    }

    private static int readVersion(Path file, Connection connection) {
        try (Statement statement = connection.createStatement()) {
            // Touches the file header and the schema: a file that is not SQLite fails here, before any write.
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
                rows.next();
            }
            try (ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new StoreException(file + " is not a Character Studio database or is corrupt ("
                    + e.getMessage() + "). It was left untouched; move it away to start a new one.", e);
        }
    }

    private void configure() {
        read(connection -> {
            try (Statement statement = connection.createStatement()) {
                if (file != null) {
                    statement.execute("PRAGMA journal_mode=WAL");
                    statement.execute("PRAGMA synchronous=NORMAL");
                }
                statement.execute("PRAGMA foreign_keys=ON");
                statement.execute("PRAGMA busy_timeout=5000");
            }
            return null;
        });
    }

    private void migrateFrom(int version) {
        if (version == Migrations.latestVersion()) {
            return;
        }
        if (version > 0 && file != null) {
            backUp(version);
        }
        for (int next = version + 1; next <= Migrations.latestVersion(); next++) {
            int target = next;
            inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    for (String sql : Migrations.statementsOf(target)) {
                        statement.execute(sql);
                    }
                    statement.execute("PRAGMA user_version = " + target);
                }
                return null;
            });
        }
    }

    /** Keeps a copy of an older database before its schema changes. */
    private void backUp(int version) {
        Path backup = file.resolveSibling(file.getFileName() + ".schema-v" + version + ".bak");
        read(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            return null;
        });
        try {
            Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StoreException("Cannot back up " + file + " before migrating it: " + e.getMessage(), e);
        }
    }

    private String describe() {
        return file == null ? "(in memory)" : file.toString();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing is best effort; nothing is pending outside a transaction
        }
    }
}
