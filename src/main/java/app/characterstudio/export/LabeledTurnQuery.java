package app.characterstudio.export;

import app.characterstudio.export.PreferenceRules.Candidate;
import app.characterstudio.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads labeled turns from the database (read-only) and turns each into an {@link ExportRecord} with
 * the history on its path from the session's root. Every labeled turn becomes its own record, so a
 * preference on an earlier turn of a conversation is a record whose history stops at that turn.
 * Records come out in a stable order: character, session, turn id.
 */
public final class LabeledTurnQuery {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;

    public LabeledTurnQuery(Database database) {
        this.database = database;
    }

    /** What was read: the records in scope, how many labeled turns exist, and what was skipped why. */
    public record Result(List<ExportRecord> records, int labeledTurns, Map<String, Integer> skipped) {
    }

    private record Session(String characterId, String userName) {
    }

    private record Turn(long id, long sessionId, long parentCandidateId, String userText, long createdAt) {
    }

    private record Label(long turnId, long chosenId, boolean safetyCase, long labeledAt, boolean editOriginsKept) {
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

    /**
     * Reads the labeled turns in the characters, sessions and date range of {@code options}, with the
     * retrieved exchanges and stored prompts when its system part needs them.
     */
    public Result read(ExportOptions options) {
        return database.read(connection -> read(connection, options));
    }

    private Result read(Connection connection, ExportOptions options) throws SQLException {
        Map<Long, Session> sessions = sessions(connection);
        Map<Long, Turn> turns = turns(connection);
        Map<Long, Candidate> candidates = new HashMap<>();
        Map<Long, Long> turnOfCandidate = new HashMap<>();
        Map<Long, List<Candidate>> candidatesByTurn = new HashMap<>();
        Map<Long, java.util.SortedSet<String>> modelsByTurn = new HashMap<>();
        readCandidates(connection, candidates, turnOfCandidate, candidatesByTurn, modelsByTurn);
        List<Label> labels = labels(connection);
        Map<Long, List<Long>> rejections = idLists(connection,
                "SELECT turn_id, candidate_id FROM label_rejections ORDER BY turn_id, candidate_id");
        Map<Long, List<Long>> rankings = idLists(connection,
                "SELECT turn_id, candidate_id FROM label_rankings ORDER BY turn_id, rank, candidate_id");
        Map<Long, List<String>> reasons = reasons(connection);
        Map<Long, String> retrieval = options.systemPart().needsRetrieval() ? retrieval(connection) : Map.of();
        boolean withPrompts = options.systemPart() == ExportOptions.SystemPart.STORED;
        java.util.Set<Long> prompted = withPrompts ? idsWithPrompt(connection) : java.util.Set.of();
        Map<Long, Long> promptSourceOfTurn = new HashMap<>();

        Map<String, Integer> skipped = new TreeMap<>();
        List<ExportRecord> records = new ArrayList<>();
        for (Label label : labels) {
            Turn turn = turns.get(label.turnId());
            Session session = turn == null ? null : sessions.get(turn.sessionId());
            if (session == null || !options.inScope(session.characterId(), turn.sessionId(), label.labeledAt())) {
                continue;
            }
            List<ExportRecord.Exchange> history = history(turn, turns, candidates, turnOfCandidate);
            if (history == null || turn.userText().isBlank()) {
                skipped.merge("empty or broken conversation", 1, Integer::sum);
                continue;
            }
            List<Candidate> own = candidatesByTurn.getOrDefault(turn.id(), List.of());
            PreferenceRules.Outcome outcome = PreferenceRules.resolve(own, candidates, label.chosenId(),
                    rejections.getOrDefault(turn.id(), List.of()), rankings.getOrDefault(turn.id(), List.of()),
                    options.editPairs() && !label.editOriginsKept());
            if (outcome.chosen() == null && outcome.rejected().isEmpty()) {
                skipped.merge("label without a usable reply", 1, Integer::sum);
                continue;
            }
            records.add(new ExportRecord(session.characterId(), turn.sessionId(), turn.id(), session.userName(),
                    history, turn.userText(), outcome.chosen(), outcome.rejected(), outcome.ranking(),
                    reasons.getOrDefault(turn.id(), List.of()), label.safetyCase(),
                    blocks(source(label.chosenId(), own, candidates, retrieval.keySet()), retrieval),
                    turn.createdAt(), label.labeledAt(), null, outcome.editPairs(),
                    List.copyOf(modelsByTurn.getOrDefault(turn.id(), java.util.Collections.emptySortedSet()))));
            if (withPrompts) {
                promptSourceOfTurn.put(turn.id(), source(label.chosenId(), own, candidates, prompted));
            }
        }
        if (withPrompts) {
            Map<Long, String> prompts = prompts(connection, new java.util.HashSet<>(promptSourceOfTurn.values()));
            records.replaceAll(r -> withPrompt(r, prompts.get(promptSourceOfTurn.getOrDefault(r.turnId(), 0L))));
        }
        records.sort(java.util.Comparator.comparing(ExportRecord::characterId)
                .thenComparingLong(ExportRecord::sessionId).thenComparingLong(ExportRecord::turnId));
        return new Result(records, labels.size(), skipped);
    }

    /** The exchanges before {@code turn}, oldest first; null when a text on the path is blank or missing. */
    private static List<ExportRecord.Exchange> history(Turn turn, Map<Long, Turn> turns,
                                                       Map<Long, Candidate> candidates, Map<Long, Long> turnOf) {
        List<ExportRecord.Exchange> reversed = new ArrayList<>();
        long parent = turn.parentCandidateId();
        int guard = turns.size();
        while (parent != 0) {
            Candidate reply = candidates.get(parent);
            Turn earlier = reply == null ? null : turns.get(turnOf.get(parent));
            if (earlier == null || reply.text().isBlank() || earlier.userText().isBlank() || guard-- < 0) {
                return null;
            }
            reversed.add(new ExportRecord.Exchange(earlier.userText(), reply.text()));
            parent = earlier.parentCandidateId();
        }
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    /**
     * The candidate whose stored retrieval blocks or prompt describe the record: the chosen one, else
     * the reply it was edited from (back along the chain), else the turn's first that has it; 0 for none.
     */
    private static long source(long chosenId, List<Candidate> own, Map<Long, Candidate> candidates,
                               java.util.Set<Long> having) {
        Candidate current = candidates.get(chosenId);
        int guard = 16;
        while (current != null && guard-- > 0) {
            if (having.contains(current.id())) {
                return current.id();
            }
            current = current.editedFrom() == 0 ? null : candidates.get(current.editedFrom());
        }
        return own.stream().mapToLong(Candidate::id).filter(having::contains).findFirst().orElse(0);
    }

    private static ExportRecord withPrompt(ExportRecord r, String prompt) {
        return new ExportRecord(r.characterId(), r.sessionId(), r.turnId(), r.userName(), r.history(), r.userText(),
                r.chosen(), r.rejected(), r.ranking(), r.reasons(), r.safetyCase(), r.retrieval(), r.createdAt(),
                r.labeledAt(), prompt, r.editPairs(), r.models());
    }

    private static List<String> blocks(long candidateId, Map<Long, String> retrieval) {
        String json = retrieval.get(candidateId);
        if (json == null) {
            return List.of();
        }
        try {
            List<String> blocks = new ArrayList<>();
            for (JsonNode block : JSON.readTree(json)) {
                String text = block.path("text").asText("");
                if (!text.isBlank()) {
                    blocks.add(text);
                }
            }
            return blocks;
        } catch (IOException e) {
            throw new ExportException("Candidate " + candidateId + " has unreadable retrieval_json ("
                    + e.getMessage() + "); expected an array of {\"text\": ...} objects.", e);
        }
    }

    private static Map<Long, Session> sessions(Connection connection) throws SQLException {
        Map<Long, Session> sessions = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, character_id, user_name FROM sessions")) {
            while (rows.next()) {
                sessions.put(rows.getLong(1), new Session(rows.getString(2), rows.getString(3)));
            }
        }
        return sessions;
    }

    private static Map<Long, Turn> turns(Connection connection) throws SQLException {
        Map<Long, Turn> turns = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT id, session_id, parent_candidate_id, user_text, created_at FROM turns")) {
            while (rows.next()) {
                turns.put(rows.getLong(1), new Turn(rows.getLong(1), rows.getLong(2), rows.getLong(3),
                        rows.getString(4), rows.getLong(5)));
            }
        }
        return turns;
    }

    private static void readCandidates(Connection connection, Map<Long, Candidate> candidates,
                                       Map<Long, Long> turnOf, Map<Long, List<Candidate>> byTurn,
                                       Map<Long, java.util.SortedSet<String>> modelsByTurn) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT id, turn_id, text, origin, edited_from_id, model_name FROM candidates ORDER BY id")) {
            while (rows.next()) {
                Candidate candidate = new Candidate(rows.getLong(1), rows.getString(3), rows.getString(4), rows.getLong(5));
                long turnId = rows.getLong(2);
                candidates.put(candidate.id(), candidate);
                turnOf.put(candidate.id(), turnId);
                byTurn.computeIfAbsent(turnId, k -> new ArrayList<>(4)).add(candidate);
                String model = rows.getString(6);
                if (model != null && !model.isBlank()) {
                    modelsByTurn.computeIfAbsent(turnId, k -> new java.util.TreeSet<>()).add(model);
                }
            }
        }
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
             ResultSet rows = statement.executeQuery("SELECT turn_id, reason FROM label_reasons ORDER BY turn_id, reason")) {
            while (rows.next()) {
                reasons.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>(2)).add(rows.getString(2));
            }
        }
        return reasons;
    }

    /** Candidates of labeled turns that have a stored prompt (ids only: the texts are read for the few needed). */
    private static java.util.Set<Long> idsWithPrompt(Connection connection) throws SQLException {
        java.util.Set<Long> ids = new java.util.HashSet<>();
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
    private static Map<Long, String> prompts(Connection connection, java.util.Set<Long> wanted) throws SQLException {
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
