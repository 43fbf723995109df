package app.characterstudio.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Generated rows and raw checks for the {@code bench} room, which measures the store but writes no SQL of
 * its own: a database of conversations grown to a size, labeled turns with explicit ids, and
 * {@code PRAGMA quick_check} on a fresh connection.
 */
public final class BenchmarkData {
    private BenchmarkData() {
    }

    /** Runs {@code PRAGMA quick_check} on {@code file} through a connection of its own; true when it is ok. */
    public static boolean quickCheck(Path file) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            return DatabaseCheck.quickCheck(connection).isEmpty();
        } catch (SQLException e) {
            throw new StoreException("Cannot check " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the daily copy of {@code file}, so the next open is the first of the day. */
    public static void forgetDailyBackup(Path file) {
        try {
            Files.deleteIfExists(DailyBackup.fileOf(file));
        } catch (IOException e) {
            throw new StoreException("Cannot delete " + DailyBackup.fileOf(file) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Grows the database at {@code file} with sessions of ten turns and three replies each (prompts
     * included, as generation stores them) until it holds {@code targetBytes}.
     */
    public static void growConversations(Path file, long targetBytes) {
        fill(file, targetBytes);
    }

    /** Writes labeled turns with explicit ids, parents before children, all in one transaction. */
    public static void writeLabeledTurns(Database database, Consumer<LabeledTurnWriter> work) {
        database.inTransaction(connection -> {
            try (LabeledTurnWriter writer = new LabeledTurnWriter(connection)) {
                work.accept(writer);
            }
            return null;
        });
    }

    /** Prepared inserts of sessions, turns, replies and labels; the caller's transaction holds them. */
    public static final class LabeledTurnWriter implements AutoCloseable {
        private final PreparedStatement session;
        private final PreparedStatement turn;
        private final PreparedStatement candidate;
        private final PreparedStatement label;
        private final PreparedStatement rejection;
        private final PreparedStatement reason;

        private LabeledTurnWriter(Connection connection) throws SQLException {
            session = connection.prepareStatement("INSERT INTO sessions (id, character_id, user_name, created_at, updated_at) VALUES (?, ?, '小明', 0, 0)");
            turn = connection.prepareStatement("INSERT INTO turns (id, session_id, parent_candidate_id, user_text, created_at) VALUES (?, ?, ?, ?, 0)");
            candidate = connection.prepareStatement("INSERT INTO candidates (id, turn_id, text, origin, edited_from_id, retrieval_json, created_at) VALUES (?, ?, ?, ?, ?, ?, 0)");
            label = connection.prepareStatement("INSERT INTO labels (turn_id, chosen_candidate_id, safety_case, labeled_at) VALUES (?, ?, ?, ?)");
            rejection = connection.prepareStatement("INSERT INTO label_rejections (turn_id, candidate_id) VALUES (?, ?)");
            reason = connection.prepareStatement("INSERT INTO label_reasons (turn_id, reason) VALUES (?, ?)");
        }

        public void session(long id, String character) {
            run(() -> {
                session.setLong(1, id);
                session.setString(2, character);
                session.executeUpdate();
            });
        }

        /** A turn; {@code parent} 0 for a session's first. */
        public void turn(long id, long sessionId, long parent, String text) {
            run(() -> {
                turn.setLong(1, id);
                turn.setLong(2, sessionId);
                turn.setObject(3, parent == 0 ? null : parent);
                turn.setString(4, text);
                turn.executeUpdate();
            });
        }

        /** A reply; {@code editedFrom} 0 when it is not an edit, {@code retrieval} JSON or null. */
        public void candidate(long id, long turnId, String text, String origin, long editedFrom, String retrieval) {
            run(() -> {
                candidate.setLong(1, id);
                candidate.setLong(2, turnId);
                candidate.setString(3, text);
                candidate.setString(4, origin);
                candidate.setObject(5, editedFrom == 0 ? null : editedFrom);
                candidate.setString(6, retrieval);
                candidate.executeUpdate();
            });
        }

        public void label(long turnId, long chosen, boolean safety, long at) {
            run(() -> {
                label.setLong(1, turnId);
                label.setLong(2, chosen);
                label.setInt(3, safety ? 1 : 0);
                label.setLong(4, at);
                label.executeUpdate();
            });
        }

        public void rejection(long turnId, long candidateId) {
            run(() -> {
                rejection.setLong(1, turnId);
                rejection.setLong(2, candidateId);
                rejection.executeUpdate();
            });
        }

        public void reason(long turnId, String tag) {
            run(() -> {
                reason.setLong(1, turnId);
                reason.setString(2, tag);
                reason.executeUpdate();
            });
        }

        private interface Insert {
            void run() throws SQLException;
        }

        private void run(Insert insert) {
            try {
                insert.run();
            } catch (SQLException e) {
                throw new StoreException("Cannot write generated rows: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement statement : List.of(session, turn, candidate, label, rejection, reason)) {
                statement.close();
            }
        }

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
                database.onWriter(connection -> {
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
