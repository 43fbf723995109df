package app.characterstudio.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The workspace's SQLite database ({@code studio.db}): WAL journal, foreign keys on, versioned
 * migrations, and every write inside a {@code BEGIN IMMEDIATE} transaction, so two studios on one
 * workspace queue for the write lock (up to {@link #BUSY_TIMEOUT_MS}) instead of failing half-way.
 * A database opened for writing on a file has two connections: the writer, which every transaction
 * uses, and a reader ({@code PRAGMA query_only}) for {@link #read} while a long transaction
 * ({@link #inLongTransaction}: a script import) runs; in WAL mode the reader sees the last committed state,
 * so reads never wait for an import. Otherwise a read waits for the short write in progress, as a write
 * queued before it (choose a reply, then send the next message) must be seen by the read after it. Each
 * connection is used by one thread at a time; a read made inside a transaction, on the thread that runs
 * it, uses the writer and so sees the transaction's own changes.
 *
 * <p>Opened for writing, the file is checked first ({@link DatabaseCheck}): a database written by a
 * newer studio, a file that is not SQLite, an empty file, a database that fails
 * {@code PRAGMA quick_check}, or a workspace that cannot be written is refused before anything is
 * written to it. A new database is built under a private name and only then takes the name
 * {@code studio.db}, so no one ever sees a half-made one and its migration runs once. A database
 * that passed its check is copied to {@code studio.db.daily.bak} once a day ({@link DailyBackup}).
 * Opened for reading ({@link #openReadOnly}), nothing is written and nothing is migrated.
 */
public final class Database implements AutoCloseable {
    /** How long a write waits for another studio's write transaction to end. */
    static final int BUSY_TIMEOUT_MS = 60_000;

    private final Path file;
    private final Connection connection;
    private final boolean readOnly;
    private final ReentrantLock lock = new ReentrantLock();
    /** The reader connection, or null where reads share the writer's (in memory, opened read-only). */
    private volatile Connection reader;
    private final ReentrantLock readerLock = new ReentrantLock();
    /** True while {@link #inLongTransaction} holds the writer: reads go to the reader meanwhile. */
    private volatile boolean longTransactionRunning;
    /** Runs before every statement batch on every database: a check of the calling thread (see {@link #setThreadGuard}). */
    private static volatile Runnable threadGuard = () -> { };

    private Database(Path file, Connection connection, boolean readOnly) {
        this.file = file;
        this.connection = connection;
        this.readOnly = readOnly;
    }

    /** Opens for writing (creating where missing), checks and migrates the database at {@code file}. */
    public static Database open(Path file) {
        if (file == null) {
            return migrated(null, connect(null, false));
        }
        DatabaseCheck.refuseReadOnlyWorkspace(file);
        if (!Files.exists(file)) {
            createFresh(file);
        }
        DatabaseCheck.beforeWriting(file);
        Database database = migrated(file, connect(file, false));
        try {
            database.onWriter(connection -> DailyBackup.renewIfDue(file, connection, java.time.Instant.now()));
            database.reader = connectReader(file);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * Opens for a command that only reads: no check, no migration, no write, so a read-only workspace
     * can still be listed, searched and exported. A workspace without a database yet, or one whose
     * schema is older, is opened for writing when it can be written (it must be created or migrated).
     */
    public static Database openReadOnly(Path file) {
        boolean writable = DatabaseCheck.writable(file);
        if (!Files.exists(file) && writable) {
            return open(file);
        }
        DatabaseCheck.refuseEmpty(file);
        Connection connection = connect(file, true);
        try {
            int version = readVersion(file, connection);
            refuseNewer(file, version);
            if (version < Migrations.latestVersion()) {
                closeQuietly(connection);
                if (writable) {
                    return open(file);
                }
                throw new StoreException(file + " has schema version " + version + " and needs upgrading to "
                        + Migrations.latestVersion() + ", but the workspace is read-only. Open it once where it can"
                        + " be written; it was left untouched.");
            }
            return new Database(file, connection, true);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static Database migrated(Path file, Connection connection) {
        try {
            refuseNewer(file, readVersion(file, connection));
            Database database = new Database(file, connection, false);
            database.configure();
            database.migrate();
            return database;
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static void refuseNewer(Path file, int version) {
        if (version > Migrations.latestVersion()) {
            throw new StoreException(file + " has schema version " + version
                    + ", newer than this studio knows (" + Migrations.latestVersion()
                    + "). Open it with a newer Character Studio; it was left untouched.");
        }
    }

    /**
     * Builds a new database under a private name and links it to {@code file} only if no other studio
     * got there first; the loser's copy is deleted and the winner's opened.
     */
    private static void createFresh(Path file) {
        Path temp = file.resolveSibling("." + file.getFileName() + ".new-" + UUID.randomUUID());
        try {
            migrated(temp, connect(temp, false)).close();
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                // another studio created the database a moment ago: use theirs
            } catch (UnsupportedOperationException | IOException e) {
                moveUnlessPresent(temp, file);
            }
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void moveUnlessPresent(Path temp, Path file) {
        try {
            Files.move(temp, file);
        } catch (FileAlreadyExistsException e) {
            // another studio created the database a moment ago: use theirs
        } catch (IOException e) {
            throw new StoreException("Cannot create database " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path temp) {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            try {
                Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + suffix));
            } catch (IOException ignored) {
                // a hidden leftover never takes the database's name
            }
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
        return onWriter(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        });
    }

    /**
     * Installs {@code guard}, run on the calling thread before each transaction, read or other use of a
     * connection; {@code null} removes it. The window's tests install one that records work done on the UI
     * thread, which must never touch the database; store itself knows nothing of the UI.
     */
    public static void setThreadGuard(Runnable guard) {
        threadGuard = guard == null ? () -> { } : guard;
    }

    /** Runs {@code work} in one transaction: all of it is committed, or none of it. */
    public <T> T inTransaction(SqlWork<T> work) {
        threadGuard.run();
        if (readOnly) {
            throw new StoreException(describe() + " was opened for reading only; this command cannot change it.");
        }
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
            throw failure(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} in one transaction, like {@link #inTransaction}, and lets reads from other
     * threads go on meanwhile (on the reader connection, seeing the state before this transaction).
     */
    public <T> T inLongTransaction(SqlWork<T> work) {
        return inTransaction(connection -> {
            longTransactionRunning = true;
            try {
                return work.run(connection);
            } finally {
                longTransactionRunning = false; // the commit still holds the lock: later reads see it
            }
        });
    }

    /**
     * Runs read-only {@code work}: inside a transaction on this thread, on the writer; while another
     * thread runs a long transaction, on the reader (the last commit, without waiting); otherwise on
     * the writer once the write in progress, if any, has committed.
     */
    public <T> T read(SqlWork<T> work) {
        threadGuard.run();
        if (reader == null || lock.isHeldByCurrentThread()) {
            return onWriter(work);
        }
        while (!longTransactionRunning) {
            try {
                if (lock.tryLock(20, TimeUnit.MILLISECONDS)) {
                    try {
                        return work.run(connection);
                    } catch (SQLException e) {
                        throw failure(e);
                    } finally {
                        lock.unlock();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("Interrupted while waiting to read " + describe(), e);
            }
        }
        return onReader(work);
    }

    private <T> T onReader(SqlWork<T> work) {
        readerLock.lock();
        try {
            return work.run(reader);
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            readerLock.unlock();
        }
    }

    /** Runs {@code work} on the writer connection, outside a transaction (schema work, tests). */
    <T> T onWriter(SqlWork<T> work) {
        threadGuard.run();
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            readerLock.lock();
            try {
                closeQuietly(reader);
            } finally {
                readerLock.unlock();
            }
        }
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

    private static Connection connect(Path file, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setReadOnly(readOnly);
        try {
            if (file == null) {
                return DriverManager.getConnection("jdbc:sqlite::memory:", config.toProperties());
            }
            if (!readOnly && file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            return DriverManager.getConnection("jdbc:sqlite:" + DatabaseCheck.location(file, readOnly),
                    config.toProperties());
        } catch (SQLException | IOException e) {
            throw new StoreException("Cannot open database " + file + ": " + e.getMessage(), e);
        }
    }

    /** A second connection to a migrated file database that can only read. */
    private static Connection connectReader(Path file) {
        Connection reader = connect(file, false);
        try (Statement statement = reader.createStatement()) {
            statement.execute("PRAGMA query_only = ON");
            statement.execute("PRAGMA foreign_keys = ON");
            return reader;
        } catch (SQLException e) {
            closeQuietly(reader);
            throw new StoreException("Cannot open a reading connection to " + file + ": " + e.getMessage(), e);
        }
    }

    static int readVersion(Path file, Connection connection) {
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
        onWriter(connection -> {
            try (Statement statement = connection.createStatement()) {
                if (file != null) {
                    statement.execute("PRAGMA journal_mode=WAL");
                    statement.execute("PRAGMA synchronous=NORMAL");
                }
                statement.execute("PRAGMA foreign_keys=ON");
            }
            return null;
        });
    }

    /**
     * Takes the schema to the latest version in one immediate transaction that reads the version again
     * under the write lock: of two studios opening an older database at once, one migrates and the
     * other finds the work done.
     */
    private void migrate() {
        int seen = schemaVersion();
        if (seen == Migrations.latestVersion()) {
            return;
        }
        if (seen > 0 && file != null) {
            backUp(seen);
        }
        inTransaction(connection -> {
            int version = readVersion(file, connection);
            try (Statement statement = connection.createStatement()) {
                for (int next = version + 1; next <= Migrations.latestVersion(); next++) {
                    for (String sql : Migrations.statementsOf(next)) {
                        statement.execute(sql);
                    }
                }
                statement.execute("PRAGMA user_version = " + Migrations.latestVersion());
            }
            return null;
        });
    }

    /** Keeps a copy of an older database before its schema changes. */
    private void backUp(int version) {
        Path backup = file.resolveSibling(file.getFileName() + ".schema-v" + version + ".bak");
        onWriter(connection -> {
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

    StoreException failure(SQLException e) {
        if (e instanceof SQLiteException sqlite && (sqlite.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code) {
            return new StoreException(describe() + " is busy: another Character Studio has been writing to it for over "
                    + BUSY_TIMEOUT_MS / 1000 + " s (" + e.getMessage() + "). Nothing was changed; try again when it has finished.", e);
        }
        return new StoreException("Database " + describe() + ": " + e.getMessage(), e);
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
