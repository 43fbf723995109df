package app.characterstudio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Labels of turns (chosen, rejected, ranking, reasons) and labeling progress per character. */
public final class LabelRepository {
    private final Database database;

    public LabelRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Replaces the label of {@code label.turnId()} in one transaction. */
    public void save(LabelRow label) {
        database.inTransaction(connection -> {
            long turn = label.turnId();
            for (String table : List.of("label_rejections", "label_rankings", "label_reasons", "labels")) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE turn_id = ?")) {
                    delete.setLong(1, turn);
                    delete.executeUpdate();
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO labels (turn_id, chosen_candidate_id, "
                    + "rationale, safety_case, time_spent_ms, labeled_at, edit_origins_kept) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, turn);
                Rows.setLong(insert, 2, label.chosenCandidateId());
                insert.setString(3, label.rationale());
                insert.setInt(4, label.safetyCase() ? 1 : 0);
                insert.setLong(5, label.timeSpentMs());
                insert.setLong(6, label.labeledAt());
                insert.setInt(7, label.editOriginsKept() ? 1 : 0);
                insert.executeUpdate();
            }
            insertAll(connection, "INSERT INTO label_rejections (turn_id, candidate_id) VALUES (?, ?)", turn,
                    label.rejected(), (statement, id, index) -> statement.setLong(2, id));
            insertAll(connection, "INSERT INTO label_rankings (turn_id, candidate_id, rank) VALUES (?, ?, ?)", turn,
                    label.ranking(), (statement, id, index) -> {
                        statement.setLong(2, id);
                        statement.setInt(3, index + 1);
                    });
            insertAll(connection, "INSERT INTO label_reasons (turn_id, reason) VALUES (?, ?)", turn,
                    label.reasons(), (statement, reason, index) -> statement.setString(2, reason));
            return null;
        });
    }

    public Optional<LabelRow> find(long turnId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM labels WHERE turn_id = ?")) {
                query.setLong(1, turnId);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return Optional.<LabelRow>empty();
                    }
                    return Optional.of(new LabelRow(turnId, Rows.getLong(row, "chosen_candidate_id"),
                            longs(connection, "SELECT candidate_id FROM label_rejections WHERE turn_id = ? ORDER BY candidate_id", turnId),
                            longs(connection, "SELECT candidate_id FROM label_rankings WHERE turn_id = ? ORDER BY rank", turnId),
                            strings(connection, "SELECT reason FROM label_reasons WHERE turn_id = ? ORDER BY reason", turnId),
                            row.getString("rationale"), row.getInt("safety_case") != 0, row.getLong("time_spent_ms"),
                            row.getLong("labeled_at"), row.getInt("edit_origins_kept") != 0));
                }
            }
        });
    }

    /** Labels of every turn of a session that has one. */
    public List<LabelRow> ofSession(long sessionId) {
        List<Long> turns = database.read(connection -> longs(connection,
                "SELECT l.turn_id FROM labels l JOIN turns t ON t.id = l.turn_id WHERE t.session_id = ? ORDER BY l.turn_id",
                sessionId));
        return turns.stream().map(turn -> find(turn).orElseThrow()).toList();
    }

    /**
     * Per character, turns that have at least one reply: labeled (a reply chosen) and not yet.
     * Characters without such turns are absent.
     */
    public List<LabelProgress> progress() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT s.character_id, "
                    + "SUM(CASE WHEN l.chosen_candidate_id IS NOT NULL THEN 1 ELSE 0 END) AS labeled, "
                    + "SUM(CASE WHEN l.chosen_candidate_id IS NULL THEN 1 ELSE 0 END) AS unlabeled "
                    + "FROM turns t JOIN sessions s ON s.id = t.session_id LEFT JOIN labels l ON l.turn_id = t.id "
                    + "WHERE EXISTS (SELECT 1 FROM candidates c WHERE c.turn_id = t.id) "
                    + "GROUP BY s.character_id ORDER BY s.character_id");
                 ResultSet row = query.executeQuery()) {
                List<LabelProgress> progress = new ArrayList<>();
                while (row.next()) {
                    progress.add(new LabelProgress(row.getString(1), row.getInt(2), row.getInt(3)));
                }
                return progress;
            }
        });
    }

    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement statement, T value, int index) throws SQLException;
    }

    private static <T> void insertAll(Connection connection, String sql, long turn, List<T> values, Binder<T> binder)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.size(); i++) {
                insert.setLong(1, turn);
                binder.bind(insert, values.get(i), i);
                insert.executeUpdate();
            }
        }
    }

    private static List<Long> longs(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, key);
            List<Long> values = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    values.add(row.getLong(1));
                }
            }
            return values;
        }
    }

    private static List<String> strings(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, key);
            List<String> values = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    values.add(row.getString(1));
                }
            }
            return values;
        }
    }
}
