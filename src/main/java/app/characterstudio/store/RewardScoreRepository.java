package app.characterstudio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Reward-model scores per candidate, kept in score sets ({@link ScoreSet}) apart from the labels; and the turns a
 * reward model can score. A score once stored for a set is never replaced: scoring again is a no-op.
 */
public final class RewardScoreRepository {
    private static final String SET_COLUMNS = "id, model_name, weights_hash, layout, created_at";

    private final Database database;
    private final LongSupplier clock;

    public RewardScoreRepository(Database database) {
        this(database, System::currentTimeMillis);
    }

    /** @param clock Unix milliseconds */
    public RewardScoreRepository(Database database, LongSupplier clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = clock;
    }

    /** The set of this model, hash and layout, created when there is none. */
    public ScoreSet scoreSet(String modelName, String weightsHash, String layout) {
        return database.inTransaction(connection -> {
            Optional<ScoreSet> found = findSet(connection, modelName, weightsHash, layout);
            if (found.isPresent()) {
                return found.get();
            }
            long now = clock.getAsLong();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO reward_score_sets "
                    + "(model_name, weights_hash, layout, created_at) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, modelName);
                insert.setString(2, weightsHash);
                insert.setString(3, layout);
                insert.setLong(4, now);
                insert.executeUpdate();
                return new ScoreSet(Rows.insertedId(insert), modelName, weightsHash, layout, now);
            }
        });
    }

    /** Every score set, oldest first. */
    public List<ScoreSet> scoreSets() {
        return database.read(connection -> {
            List<ScoreSet> sets = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT " + SET_COLUMNS + " FROM reward_score_sets ORDER BY id")) {
                while (row.next()) {
                    sets.add(set(row));
                }
            }
            return sets;
        });
    }

    /**
     * The set a name stands for: a set whose model name or {@link ScoreSet#label()} is {@code name}; of several, the
     * newest.
     */
    public Optional<ScoreSet> findSet(String name) {
        List<ScoreSet> sets = scoreSets();
        for (int i = sets.size() - 1; i >= 0; i--) {
            if (sets.get(i).modelName().equals(name) || sets.get(i).label().equals(name)) {
                return Optional.of(sets.get(i));
            }
        }
        return Optional.empty();
    }

    /** The candidates {@code set} has scored. */
    public Set<Long> scoredBy(long setId) {
        return ids("SELECT candidate_id FROM reward_scores WHERE score_set_id = " + setId);
    }

    /** The candidates any set has scored. */
    public Set<Long> scoredByAny() {
        return ids("SELECT DISTINCT candidate_id FROM reward_scores");
    }

    /**
     * Stores {@code scores} (candidate id to score) for {@code setId} in one transaction; a candidate the set has
     * scored already keeps its score. Returns how many were added.
     */
    public int addScores(long setId, Map<Long, Double> scores) {
        return database.inTransaction(connection -> {
            long now = clock.getAsLong();
            int added = 0;
            try (PreparedStatement insert = connection.prepareStatement("INSERT OR IGNORE INTO reward_scores "
                    + "(score_set_id, candidate_id, score, scored_at) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<Long, Double> score : scores.entrySet()) {
                    if (!Double.isFinite(score.getValue())) {
                        throw new StoreException("candidate " + score.getKey() + " has no finite score ("
                                + score.getValue() + "); nothing of this batch was stored");
                    }
                    insert.setLong(1, setId);
                    insert.setLong(2, score.getKey());
                    insert.setDouble(3, score.getValue());
                    insert.setLong(4, now);
                    added += insert.executeUpdate();
                }
            }
            return added;
        });
    }

    /** Every score of {@code setId}, by candidate id. */
    public Map<Long, Double> scores(long setId) {
        return database.read(connection -> {
            Map<Long, Double> scores = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT candidate_id, score FROM reward_scores WHERE score_set_id = ?")) {
                query.setLong(1, setId);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        scores.put(row.getLong(1), row.getDouble(2));
                    }
                }
            }
            return scores;
        });
    }

    /** Every score of {@code setId} by turn id, then by reply text (a turn's texts are scored alike). */
    public Map<Long, Map<String, Double>> scoresByTurnAndText(long setId) {
        return database.read(connection -> {
            Map<Long, Map<String, Double>> scores = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT c.turn_id, c.text, r.score "
                    + "FROM reward_scores r JOIN candidates c ON c.id = r.candidate_id WHERE r.score_set_id = ?")) {
                query.setLong(1, setId);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        scores.computeIfAbsent(row.getLong(1), k -> new HashMap<>()).put(row.getString(2), row.getDouble(3));
                    }
                }
            }
            return scores;
        });
    }

    /** The scores of {@code setId} for the candidates of one turn, by candidate id. */
    public Map<Long, Double> scoresOfTurn(long setId, long turnId) {
        return database.read(connection -> {
            Map<Long, Double> scores = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT r.candidate_id, r.score FROM reward_scores r "
                    + "JOIN candidates c ON c.id = r.candidate_id WHERE r.score_set_id = ? AND c.turn_id = ?")) {
                query.setLong(1, setId);
                query.setLong(2, turnId);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        scores.put(row.getLong(1), row.getDouble(2));
                    }
                }
            }
            return scores;
        });
    }

    /** Records that the label of {@code turnId} was a suggestion of {@code setId} the creator accepted. */
    public void markSuggested(long turnId, long setId) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE labels SET suggested_by = ? WHERE turn_id = ?")) {
                update.setLong(1, setId);
                update.setLong(2, turnId);
                if (update.executeUpdate() == 0) {
                    throw new StoreException("turn " + turnId + " has no label to mark as a reward model's suggestion");
                }
            }
            return null;
        });
    }

    /** The score set whose suggestion the label of {@code turnId} accepted, if it was one. */
    public Optional<Long> suggestedBy(long turnId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT suggested_by FROM labels WHERE turn_id = ?")) {
                query.setLong(1, turnId);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.ofNullable(Rows.getLong(row, "suggested_by")) : Optional.<Long>empty();
                }
            }
        });
    }

    /**
     * The turns with at least one non-blank reply, of {@code characters} and {@code sessions} (empty: all), in
     * character, session and turn order. A turn whose conversation path is broken or blank is left out.
     */
    public List<ScorableTurn> scorableTurns(Collection<String> characters, Collection<Long> sessions) {
        return database.read(connection -> new TurnReader(connection).read(Set.copyOf(characters), Set.copyOf(sessions)));
    }

    private Set<Long> ids(String sql) {
        return database.read(connection -> {
            Set<Long> ids = new HashSet<>();
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
                while (row.next()) {
                    ids.add(row.getLong(1));
                }
            }
            return ids;
        });
    }

    private static Optional<ScoreSet> findSet(Connection connection, String name, String hash, String layout)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + SET_COLUMNS + " FROM reward_score_sets "
                + "WHERE model_name = ? AND weights_hash = ? AND layout = ?")) {
            query.setString(1, name);
            query.setString(2, hash);
            query.setString(3, layout);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(set(row)) : Optional.empty();
            }
        }
    }

    private static ScoreSet set(ResultSet row) throws SQLException {
        return new ScoreSet(row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getLong(5));
    }

    /** Reads sessions, turns and candidates once and walks each turn's path in memory. */
    private static final class TurnReader {
        private record SessionRow(String characterId, String userName) {
        }

        private record TurnRow(long id, long sessionId, long parent, String userText, long createdAt) {
        }

        private record CandidateRow(long id, long turnId, String text, long editedFrom, boolean hasPrompt,
                                    boolean hasRetrieval) {
        }

        private final Connection connection;
        private final Map<Long, SessionRow> sessions = new HashMap<>();
        private final Map<Long, TurnRow> turns = new HashMap<>();
        private final Map<Long, CandidateRow> candidates = new HashMap<>();
        private final Map<Long, List<CandidateRow>> byTurn = new HashMap<>();
        private final Map<Long, Long> chosen = new HashMap<>();

        TurnReader(Connection connection) {
            this.connection = connection;
        }

        List<ScorableTurn> read(Set<String> characters, Set<Long> sessionIds) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                try (ResultSet row = statement.executeQuery("SELECT id, character_id, user_name FROM sessions")) {
                    while (row.next()) {
                        sessions.put(row.getLong(1), new SessionRow(row.getString(2), row.getString(3)));
                    }
                }
                try (ResultSet row = statement.executeQuery(
                        "SELECT id, session_id, parent_candidate_id, user_text, created_at FROM turns")) {
                    while (row.next()) {
                        turns.put(row.getLong(1), new TurnRow(row.getLong(1), row.getLong(2), row.getLong(3),
                                row.getString(4), row.getLong(5)));
                    }
                }
                try (ResultSet row = statement.executeQuery("SELECT id, turn_id, text, edited_from_id, "
                        + "prompt_text IS NOT NULL AND trim(prompt_text) <> '', retrieval_json IS NOT NULL "
                        + "FROM candidates ORDER BY id")) {
                    while (row.next()) {
                        CandidateRow c = new CandidateRow(row.getLong(1), row.getLong(2), row.getString(3),
                                row.getLong(4), row.getInt(5) != 0, row.getInt(6) != 0);
                        candidates.put(c.id(), c);
                        byTurn.computeIfAbsent(c.turnId(), k -> new ArrayList<>(4)).add(c);
                    }
                }
                try (ResultSet row = statement.executeQuery(
                        "SELECT turn_id, chosen_candidate_id FROM labels WHERE chosen_candidate_id IS NOT NULL")) {
                    while (row.next()) {
                        chosen.put(row.getLong(1), row.getLong(2));
                    }
                }
            }
            List<TurnRow> inScope = new ArrayList<>();
            for (TurnRow turn : turns.values()) {
                SessionRow session = sessions.get(turn.sessionId());
                if (session != null && byTurn.containsKey(turn.id())
                        && (characters.isEmpty() || characters.contains(session.characterId()))
                        && (sessionIds.isEmpty() || sessionIds.contains(turn.sessionId()))) {
                    inScope.add(turn);
                }
            }
            Map<Long, Long> promptSource = new HashMap<>();
            Map<Long, Long> retrievalSource = new HashMap<>();
            List<ScorableTurn> result = new ArrayList<>();
            for (TurnRow turn : inScope) {
                List<ScorableTurn.Line> history = history(turn);
                List<ScorableTurn.Reply> replies = byTurn.get(turn.id()).stream().filter(c -> !c.text().isBlank())
                        .map(c -> new ScorableTurn.Reply(c.id(), c.text())).toList();
                if (history == null || turn.userText().isBlank() || replies.isEmpty()) {
                    continue;
                }
                promptSource.put(turn.id(), source(turn.id(), true));
                retrievalSource.put(turn.id(), source(turn.id(), false));
                SessionRow session = sessions.get(turn.sessionId());
                result.add(new ScorableTurn(turn.id(), turn.sessionId(), session.characterId(), session.userName(),
                        turn.userText(), turn.createdAt(), history, replies, null, null, chosen.containsKey(turn.id())));
            }
            Map<Long, String> prompts = texts("prompt_text", new HashSet<>(promptSource.values()));
            Map<Long, String> retrievals = texts("retrieval_json", new HashSet<>(retrievalSource.values()));
            result.replaceAll(t -> new ScorableTurn(t.turnId(), t.sessionId(), t.characterId(), t.userName(),
                    t.userText(), t.createdAt(), t.history(), t.replies(), prompts.get(promptSource.get(t.turnId())),
                    retrievals.get(retrievalSource.get(t.turnId())), t.labeled()));
            result.sort(java.util.Comparator.comparing(ScorableTurn::characterId)
                    .thenComparingLong(ScorableTurn::sessionId).thenComparingLong(ScorableTurn::turnId));
            return result;
        }

        /** The exchanges before {@code turn}, oldest first; null when a text on the path is blank or missing. */
        private List<ScorableTurn.Line> history(TurnRow turn) {
            List<ScorableTurn.Line> reversed = new ArrayList<>();
            long parent = turn.parent();
            int guard = turns.size();
            while (parent != 0) {
                CandidateRow reply = candidates.get(parent);
                TurnRow earlier = reply == null ? null : turns.get(reply.turnId());
                if (earlier == null || reply.text().isBlank() || earlier.userText().isBlank() || guard-- < 0) {
                    return null;
                }
                reversed.add(new ScorableTurn.Line(earlier.userText(), reply.text()));
                parent = earlier.parent();
            }
            java.util.Collections.reverse(reversed);
            return reversed;
        }

        /** The chosen reply (back along its edit chain) that has a prompt or retrieval, else the turn's first; 0. */
        private long source(long turnId, boolean prompt) {
            CandidateRow current = candidates.get(chosen.getOrDefault(turnId, 0L));
            for (int guard = 16; current != null && guard > 0; guard--) {
                if (prompt ? current.hasPrompt() : current.hasRetrieval()) {
                    return current.id();
                }
                current = current.editedFrom() == 0 ? null : candidates.get(current.editedFrom());
            }
            return byTurn.get(turnId).stream().filter(c -> prompt ? c.hasPrompt() : c.hasRetrieval())
                    .mapToLong(CandidateRow::id).findFirst().orElse(0);
        }

        private Map<Long, String> texts(String column, Set<Long> wanted) throws SQLException {
            Map<Long, String> texts = new HashMap<>();
            wanted.remove(0L);
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + column + " FROM candidates WHERE id = ?")) {
                for (long id : wanted) {
                    query.setLong(1, id);
                    try (ResultSet row = query.executeQuery()) {
                        if (row.next()) {
                            texts.put(id, row.getString(1));
                        }
                    }
                }
            }
            return texts;
        }
    }
}
