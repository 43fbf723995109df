package app.characterstudio.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a dataset export reads: every labeled turn with its session, the turns and replies on its
 * path, its label, rejections, rankings and reasons, and (when asked) the retrieval blocks and stored
 * prompts of labeled turns' replies. Read-only; the export room assembles the records from these rows.
 */
public final class LabeledTurnRepository {
    private final Database database;

    public LabeledTurnRepository(Database database) {
        this.database = database;
    }

    public record SessionRow(String characterId, String userName) {
    }

    /** A turn; {@code parentCandidateId} 0 for a session's first. */
    public record TurnRow(long id, long sessionId, long parentCandidateId, String userText, long createdAt) {
    }

    /** A reply; {@code editedFrom} 0 when it is not an edit; {@code modelName} null when written by hand. */
    public record CandidateRow(long id, long turnId, String text, String origin, long editedFrom, String modelName) {
    }

    public record Label(long turnId, long chosenId, boolean safetyCase, long labeledAt, boolean editOriginsKept) {
    }

    /**
     * The rows at one moment: sessions and turns by id, every candidate in id order, the labels in turn
     * order, rejections and rankings (candidate ids) and reasons by turn id; {@code retrieval} (JSON by
     * candidate id) and {@code prompted} (candidates with a stored prompt) are empty unless asked for.
     */
    public record Snapshot(Map<Long, SessionRow> sessions, Map<Long, TurnRow> turns, List<CandidateRow> candidates,
                           List<Label> labels, Map<Long, List<Long>> rejections, Map<Long, List<Long>> rankings,
                           Map<Long, List<String>> reasons, Map<Long, String> retrieval, Set<Long> prompted) {
    }

    /** Labeled turns per character id, sorted by id: what there is to export. */
    public Map<String, Integer> labelsPerCharacter() {
        return database.read(connection -> {
            Map<String, Integer> counts = new TreeMap<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT s.character_id, count(*) FROM labels l "
                         + "JOIN turns t ON t.id = l.turn_id JOIN sessions s ON s.id = t.session_id "
                         + "GROUP BY s.character_id")) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
            return counts;
        });
    }

    public Snapshot read(boolean withRetrieval, boolean withPromptIds) {
        return database.read(connection -> new Snapshot(sessions(connection), turns(connection), candidates(connection),
                labels(connection),
                idLists(connection, "SELECT turn_id, candidate_id FROM label_rejections ORDER BY turn_id, candidate_id"),
                idLists(connection, "SELECT turn_id, candidate_id FROM label_rankings ORDER BY turn_id, rank, candidate_id"),
                reasons(connection), withRetrieval ? retrieval(connection) : Map.of(),
                withPromptIds ? idsWithPrompt(connection) : Set.of()));
    }

    /** The stored prompts of {@code wanted} candidates (of labeled turns); the others' texts are never materialised. */
    public Map<Long, String> prompts(Set<Long> wanted) {
        return database.read(connection -> prompts(connection, wanted));
    }

    private static Map<Long, SessionRow> sessions(Connection connection) throws SQLException {
        Map<Long, SessionRow> sessions = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, character_id, user_name FROM sessions")) {
            while (rows.next()) {
                sessions.put(rows.getLong(1), new SessionRow(rows.getString(2), rows.getString(3)));
            }
        }
        return sessions;
    }

    private static Map<Long, TurnRow> turns(Connection connection) throws SQLException {
        Map<Long, TurnRow> turns = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT id, session_id, parent_candidate_id, user_text, created_at FROM turns")) {
            while (rows.next()) {
                turns.put(rows.getLong(1), new TurnRow(rows.getLong(1), rows.getLong(2), rows.getLong(3),
                        rows.getString(4), rows.getLong(5)));
            }
        }
        return turns;
    }

    private static List<CandidateRow> candidates(Connection connection) throws SQLException {
        List<CandidateRow> candidates = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT id, turn_id, text, origin, edited_from_id, model_name FROM candidates ORDER BY id")) {
            while (rows.next()) {
                candidates.add(new CandidateRow(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4),
                        rows.getLong(5), rows.getString(6)));
            }
        }
        return candidates;
    }

    private static List<Label> labels(Connection connection) throws SQLException {
        List<Label> labels = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT turn_id, chosen_candidate_id, safety_case, labeled_at, edit_origins_kept FROM labels ORDER BY turn_id")) {
            while (rows.next()) {
                labels.add(new Label(rows.getLong(1), rows.getLong(2), rows.getInt(3) != 0, rows.getLong(4),
                        rows.getInt(5) != 0));
            }
        }
        return labels;
    }

    private static Map<Long, List<Long>> idLists(Connection connection, String sql) throws SQLException {
        Map<Long, List<Long>> lists = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                lists.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>(4)).add(rows.getLong(2));
            }
        }
        return lists;
    }

    private static Map<Long, List<String>> reasons(Connection connection) throws SQLException {
        Map<Long, List<String>> reasons = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT turn_id, reason, candidate_id FROM label_reasons "
                     + "ORDER BY turn_id, reason, candidate_id")) {
            while (rows.next()) {
                long reply = rows.getLong(3);
                reasons.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>(2)).add(rows.wasNull() ? rows.getString(2)
                        : rows.getString(2) + LabelRow.REPLY_MARK + reply);
            }
        }
        return reasons;
    }

    /** Candidates of labeled turns that have a stored prompt (ids only: the texts are read for the few needed). */
    private static Set<Long> idsWithPrompt(Connection connection) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT c.id FROM candidates c JOIN labels l ON l.turn_id = c.turn_id "
                     + "WHERE c.prompt_text IS NOT NULL AND trim(c.prompt_text) <> ''")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    /** The stored prompts of {@code wanted} candidates; the others' texts are never materialised. */
    private static Map<Long, String> prompts(Connection connection, Set<Long> wanted) throws SQLException {
        Map<Long, String> prompts = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT c.id, c.prompt_text FROM candidates c "
                     + "JOIN labels l ON l.turn_id = c.turn_id WHERE c.prompt_text IS NOT NULL")) {
            while (rows.next()) {
                if (wanted.contains(rows.getLong(1))) {
                    prompts.put(rows.getLong(1), rows.getString(2));
                }
            }
        }
        return prompts;
    }

    /** Retrieval JSON of the candidates of labeled turns (only those are ever needed). */
    private static Map<Long, String> retrieval(Connection connection) throws SQLException {
        Map<Long, String> retrieval = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT c.id, c.retrieval_json FROM candidates c "
                     + "JOIN labels l ON l.turn_id = c.turn_id WHERE c.retrieval_json IS NOT NULL")) {
            while (rows.next()) {
                retrieval.put(rows.getLong(1), rows.getString(2));
            }
        }
        return retrieval;
    }
}
