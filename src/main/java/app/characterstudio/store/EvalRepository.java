package app.characterstudio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of evaluation runs (issue 14): test sets and their items, runs, replies, scores and ratings. */
public final class EvalRepository {
    private final Database database;

    public EvalRepository(Database database) {
        this.database = database;
    }

    /** A stored test set. */
    public record SetRow(long id, String name, String kind, String source, Instant createdAt, int itemCount) {
    }

    /** An item to store (ids come from the database). */
    public record ItemDraft(String key, String characterId, String role, String novel, String context, String reference,
                            String metricsJson, String heldOutSource, Integer heldOutLine) {
    }

    /** A stored item; {@code position} is 0-based within its set. */
    public record ItemRow(long id, long setId, int position, String key, String characterId, String role, String novel,
                          String context, String reference, String metricsJson, String heldOutSource,
                          Integer heldOutLine) {
    }

    public record RunDraft(long setId, String modelName, String weightsHash, Integer templateVersion, String samplingJson,
                           String retrievalJson, Integer itemLimit, String backendJson) {
    }

    public record RunRow(long id, long setId, String setName, String modelName, String weightsHash,
                         Integer templateVersion, String samplingJson, String retrievalJson, Integer itemLimit,
                         Instant createdAt, int replyCount, String backendJson) {
    }

    public record ReplyRow(long runId, long itemId, String prompt, String output, String reply, Long templateId,
                           String retrievalJson, double millis) {
    }

    public record ScoreRow(long itemId, String scorer, String metric, double value) {
    }

    public record RatingRow(long itemId, String metric, int rating) {
    }

    /**
     * Stores a set, its items and its roles' profile texts in one transaction, after {@code alongside}
     * ran inside it (a failure there, or here, leaves nothing written).
     */
    public SetRow createSet(String name, String kind, String source, List<ItemDraft> items, Map<String, String> profiles,
                            Runnable alongside) {
        Instant now = Instant.now();
        long id = database.inTransaction(connection -> {
            if (findSet(connection, name).isPresent()) {
                throw new StoreException("There is already a test set named '" + name + "'.");
            }
            long setId;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO eval_sets (name, kind, source, created_at) VALUES (?, ?, ?, ?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, name);
                insert.setString(2, kind);
                insert.setString(3, source);
                insert.setString(4, now.toString());
                insert.executeUpdate();
                setId = Rows.insertedId(insert);
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO eval_items (set_id, position,"
                    + " item_key, character_id, role, novel, context, reference, metrics_json, held_out_source,"
                    + " held_out_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int position = 0;
                for (ItemDraft item : items) {
                    insert.setLong(1, setId);
                    insert.setInt(2, position++);
                    insert.setString(3, item.key());
                    insert.setString(4, item.characterId());
                    insert.setString(5, item.role());
                    insert.setString(6, item.novel() == null ? "" : item.novel());
                    insert.setString(7, item.context());
                    insert.setString(8, item.reference());
                    insert.setString(9, item.metricsJson());
                    insert.setString(10, item.heldOutSource());
                    Rows.setInt(insert, 11, item.heldOutLine());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO eval_profiles (set_id, role, profile_text) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> profile : profiles.entrySet()) {
                    insert.setLong(1, setId);
                    insert.setString(2, profile.getKey());
                    insert.setString(3, profile.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            alongside.run();
            return setId;
        });
        return new SetRow(id, name, kind, source, now, items.size());
    }

    public List<SetRow> sets() {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT_SET + " GROUP BY s.id ORDER BY s.id")) {
                return setRows(select);
            }
        });
    }

    public Optional<SetRow> set(String name) {
        return database.read(connection -> findSet(connection, name));
    }

    public List<ItemRow> items(long setId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT_ITEM + " WHERE set_id = ? ORDER BY position")) {
                select.setLong(1, setId);
                List<ItemRow> items = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        items.add(item(rows));
                    }
                }
                return items;
            }
        });
    }

    /** Role -> profile text of a set. */
    public Map<String, String> profiles(long setId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT role, profile_text FROM eval_profiles WHERE set_id = ? ORDER BY role")) {
                select.setLong(1, setId);
                Map<String, String> profiles = new LinkedHashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        profiles.put(rows.getString(1), rows.getString(2));
                    }
                }
                return profiles;
            }
        });
    }

    public RunRow createRun(RunDraft draft) {
        long id = database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO eval_runs (set_id, model_name,"
                    + " weights_hash, template_version, sampling_json, retrieval_json, item_limit, created_at,"
                    + " backend_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", PreparedStatement.RETURN_GENERATED_KEYS)) {
                insert.setLong(1, draft.setId());
                insert.setString(2, draft.modelName());
                insert.setString(3, draft.weightsHash());
                Rows.setInt(insert, 4, draft.templateVersion());
                insert.setString(5, draft.samplingJson());
                insert.setString(6, draft.retrievalJson());
                Rows.setInt(insert, 7, draft.itemLimit());
                insert.setString(8, Instant.now().toString());
                insert.setString(9, draft.backendJson());
                insert.executeUpdate();
                return Rows.insertedId(insert);
            }
        });
        return run(id).orElseThrow();
    }

    public List<RunRow> runs() {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT_RUN + " GROUP BY r.id ORDER BY r.id")) {
                return runRows(select);
            }
        });
    }

    public Optional<RunRow> run(long id) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT_RUN + " WHERE r.id = ? GROUP BY r.id")) {
                select.setLong(1, id);
                return runRows(select).stream().findFirst();
            }
        });
    }

    /** Stores replies of one batch in one transaction; a reply already stored for its item is left as it is. */
    public void addReplies(List<ReplyRow> replies) {
        if (replies.isEmpty()) {
            return;
        }
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT OR IGNORE INTO eval_replies (run_id,"
                    + " item_id, prompt, output, reply, template_id, retrieval_json, millis) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (ReplyRow reply : replies) {
                    insert.setLong(1, reply.runId());
                    insert.setLong(2, reply.itemId());
                    insert.setString(3, reply.prompt());
                    insert.setString(4, reply.output());
                    insert.setString(5, reply.reply());
                    Rows.setLong(insert, 6, reply.templateId());
                    insert.setString(7, reply.retrievalJson());
                    insert.setDouble(8, reply.millis());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** A run's replies in item order. */
    public List<ReplyRow> replies(long runId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT r.run_id, r.item_id, r.prompt, r.output,"
                    + " r.reply, r.template_id, r.retrieval_json, r.millis FROM eval_replies r JOIN eval_items i"
                    + " ON i.id = r.item_id WHERE r.run_id = ? ORDER BY i.position")) {
                select.setLong(1, runId);
                List<ReplyRow> replies = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        replies.add(new ReplyRow(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4),
                                rows.getString(5), Rows.getLong(rows, "template_id"), rows.getString(7), rows.getDouble(8)));
                    }
                }
                return replies;
            }
        });
    }

    /** Stores scores in one transaction; a score already there for the same item, scorer and metric is replaced. */
    public void putScores(long runId, List<ScoreRow> scores) {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT OR REPLACE INTO eval_scores (run_id,"
                    + " item_id, scorer, metric, value) VALUES (?, ?, ?, ?, ?)")) {
                for (ScoreRow score : scores) {
                    insert.setLong(1, runId);
                    insert.setLong(2, score.itemId());
                    insert.setString(3, score.scorer());
                    insert.setString(4, score.metric());
                    insert.setDouble(5, score.value());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    public List<ScoreRow> scores(long runId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT s.item_id, s.scorer, s.metric, s.value"
                    + " FROM eval_scores s JOIN eval_items i ON i.id = s.item_id WHERE s.run_id = ?"
                    + " ORDER BY i.position, s.scorer, s.metric")) {
                select.setLong(1, runId);
                List<ScoreRow> scores = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        scores.add(new ScoreRow(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getDouble(4)));
                    }
                }
                return scores;
            }
        });
    }

    public void rate(long runId, long itemId, String metric, int rating) {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT OR REPLACE INTO eval_ratings (run_id,"
                    + " item_id, metric, rating, rated_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setLong(1, runId);
                insert.setLong(2, itemId);
                insert.setString(3, metric);
                insert.setInt(4, rating);
                insert.setString(5, Instant.now().toString());
                insert.executeUpdate();
            }
            return null;
        });
    }

    public List<RatingRow> ratings(long runId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT item_id, metric, rating FROM eval_ratings WHERE run_id = ? ORDER BY item_id, metric")) {
                select.setLong(1, runId);
                List<RatingRow> ratings = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ratings.add(new RatingRow(rows.getLong(1), rows.getString(2), rows.getInt(3)));
                    }
                }
                return ratings;
            }
        });
    }

    private static final String SELECT_SET = "SELECT s.id, s.name, s.kind, s.source, s.created_at, count(i.id)"
            + " FROM eval_sets s LEFT JOIN eval_items i ON i.set_id = s.id";
    private static final String SELECT_ITEM = "SELECT id, set_id, position, item_key, character_id, role, novel, context,"
            + " reference, metrics_json, held_out_source, held_out_line FROM eval_items";
    private static final String SELECT_RUN = "SELECT r.id, r.set_id, s.name, r.model_name, r.weights_hash,"
            + " r.template_version, r.sampling_json, r.retrieval_json, r.item_limit, r.created_at, count(p.item_id),"
            + " r.backend_json"
            + " FROM eval_runs r JOIN eval_sets s ON s.id = r.set_id LEFT JOIN eval_replies p ON p.run_id = r.id";

    private static Optional<SetRow> findSet(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_SET + " WHERE s.name = ? GROUP BY s.id")) {
            select.setString(1, name);
            return setRows(select).stream().findFirst();
        }
    }

    private static List<SetRow> setRows(PreparedStatement select) throws SQLException {
        List<SetRow> sets = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                sets.add(new SetRow(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        Instant.parse(rows.getString(5)), rows.getInt(6)));
            }
        }
        return sets;
    }

    private static List<RunRow> runRows(PreparedStatement select) throws SQLException {
        List<RunRow> runs = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                runs.add(new RunRow(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), intOrNull(rows, 6), rows.getString(7), rows.getString(8), intOrNull(rows, 9),
                        Instant.parse(rows.getString(10)), rows.getInt(11), rows.getString(12)));
            }
        }
        return runs;
    }

    private static Integer intOrNull(ResultSet rows, int column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }

    private static ItemRow item(ResultSet rows) throws SQLException {
        return new ItemRow(rows.getLong(1), rows.getLong(2), rows.getInt(3), rows.getString(4), rows.getString(5),
                rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9), rows.getString(10),
                rows.getString(11), rows.getObject(12) == null ? null : rows.getInt(12));
    }
}
