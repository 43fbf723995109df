package app.characterstudio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Labels of turns (chosen, rejected, ranking, reasons) and labeling progress per character. */
public final class LabelRepository {
    private final Database database;

    public LabelRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Replaces the label of {@code label.turnId()} in one transaction, made by no named labeler. */
    public void save(LabelRow label) {
        save(label, "");
    }

    /**
     * Replaces the label of {@code label.turnId()} in one transaction, recording {@code labeler} as who
     * made it and keeping the label it replaces in the history, so the change can be undone.
     */
    public void save(LabelRow label, String labeler) {
        database.inTransaction(connection -> {
            long turn = label.turnId();
            Optional<LabelRow> before = find(connection, turn);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO label_history (turn_id, changed_at, "
                    + "labeler, had_label, chosen_candidate_id, rejected, ranking, reasons, rationale, safety_case, "
                    + "time_spent_ms, labeled_at, edit_origins_kept, previous_labeler) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                LabelRow old = before.orElse(new LabelRow(turn, null, List.of(), List.of(), List.of(), "", false, 0, 0));
                insert.setLong(1, turn);
                insert.setLong(2, label.labeledAt());
                insert.setString(3, labeler);
                insert.setInt(4, before.isPresent() ? 1 : 0);
                Rows.setLong(insert, 5, old.chosenCandidateId());
                insert.setString(6, Rows.joined(old.rejected()));
                insert.setString(7, Rows.joined(old.ranking()));
                insert.setString(8, Rows.joined(old.reasonsForHistory()));
                insert.setString(9, old.rationale());
                insert.setInt(10, old.safetyCase() ? 1 : 0);
                insert.setLong(11, old.timeSpentMs());
                insert.setLong(12, old.labeledAt());
                insert.setInt(13, old.editOriginsKept() ? 1 : 0);
                insert.setString(14, before.isPresent() ? labelerOf(connection, turn) : "");
                insert.executeUpdate();
            }
            write(connection, label, labeler);
            return null;
        });
    }

    /**
     * Takes back the latest change of a label that is not undone yet: the turn gets the label it had
     * before (or none). Each call goes one change further back.
     */
    public Optional<UndoneLabel> undoLast() {
        return database.inTransaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT h.*, t.session_id FROM label_history h "
                    + "JOIN turns t ON t.id = h.turn_id WHERE h.undone = 0 ORDER BY h.id DESC LIMIT 1");
                 ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.<UndoneLabel>empty();
                }
                long turn = row.getLong("turn_id");
                Optional<LabelRow> restored = row.getInt("had_label") == 0 ? Optional.<LabelRow>empty()
                        : Optional.of(LabelRow.withHistoryReasons(new LabelRow(turn, Rows.getLong(row, "chosen_candidate_id"),
                        Rows.longs(row.getString("rejected")), Rows.longs(row.getString("ranking")),
                        List.of(), row.getString("rationale"),
                        row.getInt("safety_case") != 0, row.getLong("time_spent_ms"), row.getLong("labeled_at"),
                        row.getInt("edit_origins_kept") != 0), Rows.strings(row.getString("reasons"))));
                long historyId = row.getLong("id");
                long session = row.getLong("session_id");
                String previousLabeler = row.getString("previous_labeler");
                delete(connection, turn);
                if (restored.isPresent()) {
                    write(connection, restored.get(), previousLabeler);
                }
                try (PreparedStatement undone = connection.prepareStatement("UPDATE label_history SET undone = 1 WHERE id = ?")) {
                    undone.setLong(1, historyId);
                    undone.executeUpdate();
                }
                return Optional.of(new UndoneLabel(turn, session, restored));
            }
        });
    }

    /** Who made the turn's label ('' when unnamed); empty when the turn has no label. */
    public Optional<String> labeler(long turnId) {
        return database.read(connection -> find(connection, turnId).isPresent()
                ? Optional.of(labelerOf(connection, turnId)) : Optional.<String>empty());
    }

    /** Gives the labels made before any labeler name was set to {@code labeler}; returns how many. */
    public int claimUnnamed(String labeler) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE labels SET labeler = ? WHERE labeler = ''")) {
                update.setString(1, labeler);
                return update.executeUpdate();
            }
        });
    }

    public Optional<LabelRow> find(long turnId) {
        return database.read(connection -> find(connection, turnId));
    }

    private static Optional<LabelRow> find(Connection connection, long turnId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT * FROM labels WHERE turn_id = ?")) {
            query.setLong(1, turnId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new LabelRow(turnId, Rows.getLong(row, "chosen_candidate_id"),
                        longs(connection, "SELECT candidate_id FROM label_rejections WHERE turn_id = ? ORDER BY candidate_id", turnId),
                        longs(connection, "SELECT candidate_id FROM label_rankings WHERE turn_id = ? ORDER BY rank", turnId),
                        strings(connection, "SELECT reason FROM label_reasons WHERE turn_id = ? AND candidate_id IS NULL "
                                + "ORDER BY reason", turnId),
                        row.getString("rationale"), row.getInt("safety_case") != 0, row.getLong("time_spent_ms"),
                        row.getLong("labeled_at"), row.getInt("edit_origins_kept") != 0,
                        replyReasons(connection, turnId)));
            }
        }
    }

    private static String labelerOf(Connection connection, long turnId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT labeler FROM labels WHERE turn_id = ?")) {
            query.setLong(1, turnId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : "";
            }
        }
    }

    private static void delete(Connection connection, long turn) throws SQLException {
        for (String table : List.of("label_rejections", "label_rankings", "label_reasons", "labels")) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE turn_id = ?")) {
                delete.setLong(1, turn);
                delete.executeUpdate();
            }
        }
    }

    private static void write(Connection connection, LabelRow label, String labeler) throws SQLException {
        long turn = label.turnId();
        delete(connection, turn);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO labels (turn_id, chosen_candidate_id, "
                + "rationale, safety_case, time_spent_ms, labeled_at, edit_origins_kept, labeler) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, turn);
            Rows.setLong(insert, 2, label.chosenCandidateId());
            insert.setString(3, label.rationale());
            insert.setInt(4, label.safetyCase() ? 1 : 0);
            insert.setLong(5, label.timeSpentMs());
            insert.setLong(6, label.labeledAt());
            insert.setInt(7, label.editOriginsKept() ? 1 : 0);
            insert.setString(8, labeler);
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
        for (Map.Entry<Long, List<String>> reply : label.replyReasons().entrySet()) {
            insertAll(connection, "INSERT INTO label_reasons (turn_id, candidate_id, reason) VALUES (?, ?, ?)", turn,
                    reply.getValue(), (statement, reason, index) -> {
                        statement.setLong(2, reply.getKey());
                        statement.setString(3, reason);
                    });
        }
    }

    /** The reasons of a turn's label that name a reply, by candidate id. */
    private static Map<Long, List<String>> replyReasons(Connection connection, long turnId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT candidate_id, reason FROM label_reasons "
                + "WHERE turn_id = ? AND candidate_id IS NOT NULL ORDER BY candidate_id, reason")) {
            query.setLong(1, turnId);
            Map<Long, List<String>> byReply = new java.util.TreeMap<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    byReply.computeIfAbsent(row.getLong(1), id -> new ArrayList<>()).add(row.getString(2));
                }
            }
            return byReply;
        }
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

    /**
     * The first turn with replies but no chosen reply, of the characters named (all when empty), after
     * turn {@code afterTurn} of session {@code afterSession} in session-then-turn order, wrapping round
     * to the first; empty when every such turn is labeled.
     */
    public Optional<QueuedTurn> nextUnlabeled(List<String> characters, long afterSession, long afterTurn) {
        return database.read(connection -> {
            String sql = "SELECT s.character_id, s.id, t.id, t.user_text FROM turns t JOIN sessions s ON s.id = t.session_id"
                    + " LEFT JOIN labels l ON l.turn_id = t.id WHERE l.chosen_candidate_id IS NULL"
                    + " AND EXISTS (SELECT 1 FROM candidates c WHERE c.turn_id = t.id)"
                    + (characters.isEmpty() ? "" : " AND s.character_id IN ("
                    + String.join(", ", java.util.Collections.nCopies(characters.size(), "?")) + ")")
                    + " ORDER BY (s.id > ? OR (s.id = ? AND t.id > ?)) DESC, s.id, t.id LIMIT 1";
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                int index = 1;
                for (String character : characters) {
                    query.setString(index++, character);
                }
                query.setLong(index++, afterSession);
                query.setLong(index++, afterSession);
                query.setLong(index, afterTurn);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(new QueuedTurn(row.getString(1), row.getLong(2), row.getLong(3),
                            row.getString(4))) : Optional.<QueuedTurn>empty();
                }
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
