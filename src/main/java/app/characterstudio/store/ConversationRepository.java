package app.characterstudio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Sessions, their turns and candidate replies. A conversation is a tree: a turn follows one candidate
 * (or starts the session) and has any number of candidates. Every write is one transaction.
 */
public final class ConversationRepository {
    /** Candidate columns without the large ones (prompt, retrieval, sampling, log-probabilities). */
    private static final String OUTLINE_COLUMNS = "c.id, c.turn_id, c.text, c.origin, c.edited_from_id, c.batch_id, "
            + "c.model_name, NULL AS sampling_json, NULL AS prompt_text, c.prompt_token_count, c.template_id, "
            + "NULL AS retrieval_json, NULL AS logprobs_json, c.finish_reason, c.created_at";
    private static final String CANDIDATE_COLUMNS = "c.id, c.turn_id, c.text, c.origin, c.edited_from_id, c.batch_id, "
            + "c.model_name, c.sampling_json, c.prompt_text, c.prompt_token_count, c.template_id, c.retrieval_json, "
            + "c.logprobs_json, c.finish_reason, c.created_at";

    private final Database database;
    private final LongSupplier clock;

    public ConversationRepository(Database database) {
        this(database, System::currentTimeMillis);
    }

    /** @param clock Unix milliseconds */
    public ConversationRepository(Database database, LongSupplier clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = clock;
    }

    public Session createSession(String characterId, String title, String userName) {
        long now = clock.getAsLong();
        String user = userName == null || userName.isBlank() ? "user" : userName.strip();
        String name = title == null ? "" : title;
        long id = database.inTransaction(connection -> insertSession(connection, characterId, name, user, now));
        return new Session(id, characterId, name, user, now, now);
    }

    /**
     * The opening message {@code userText} of the session titled {@code title} for {@code characterId},
     * created (session and turn in one transaction) when there is none: what makes a batch run
     * idempotent by input line. Of several such sessions, the oldest is used.
     */
    public Turn openingTurn(String characterId, String title, String userName, String userText) {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(userText, "userText");
        long now = clock.getAsLong();
        String user = userName == null || userName.isBlank() ? "user" : userName.strip();
        return database.inTransaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT t.* FROM turns t"
                    + " JOIN sessions s ON s.id = t.session_id"
                    + " WHERE s.character_id = ? AND s.title = ? AND t.parent_candidate_id IS NULL AND t.user_text = ?"
                    + " ORDER BY s.id, t.id LIMIT 1")) {
                query.setString(1, characterId);
                query.setString(2, title);
                query.setString(3, userText);
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        return turn(row);
                    }
                }
            }
            long sessionId = insertSession(connection, characterId, title, user, now);
            return new Turn(insertTurn(connection, sessionId, null, userText, now), sessionId, null, userText, now);
        });
    }

    public Optional<Session> session(long id) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM sessions WHERE id = ?")) {
                query.setLong(1, id);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(session(row)) : Optional.<Session>empty();
                }
            }
        });
    }

    /** Sessions, most recently changed first; all characters when {@code characterId} is null. */
    public List<Session> sessions(String characterId) {
        return database.read(connection -> {
            String sql = "SELECT * FROM sessions" + (characterId == null ? "" : " WHERE character_id = ?")
                    + " ORDER BY updated_at DESC, id DESC";
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                if (characterId != null) {
                    query.setString(1, characterId);
                }
                List<Session> sessions = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        sessions.add(session(row));
                    }
                }
                return sessions;
            }
        });
    }

    /** Sessions that have labels, newest first, with their first user message and labeled-turn count. */
    public List<LabeledSession> labeledSessions() {
        return database.read(connection -> {
            List<LabeledSession> sessions = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT s.*, count(*) AS labeled_turns, "
                    + "(SELECT f.user_text FROM turns f WHERE f.session_id = s.id AND f.parent_candidate_id IS NULL "
                    + "ORDER BY f.id LIMIT 1) AS first_user_text "
                    + "FROM sessions s JOIN turns t ON t.session_id = s.id JOIN labels l ON l.turn_id = t.id "
                    + "GROUP BY s.id ORDER BY s.id DESC");
                 ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    sessions.add(new LabeledSession(session(row), row.getString("first_user_text"),
                            row.getInt("labeled_turns")));
                }
            }
            return sessions;
        });
    }

    /** The whole tree of a session, every column of every reply. */
    public SessionContent content(long sessionId) {
        return content(sessionId, CANDIDATE_COLUMNS);
    }

    /**
     * The tree of a session for navigation: replies without their prompt, retrieval, sampling and
     * log-probability columns (null), which make up most of a long session's size.
     */
    public SessionContent outline(long sessionId) {
        return content(sessionId, OUTLINE_COLUMNS);
    }

    /** A turn's replies with every column, oldest first. */
    public List<Candidate> candidatesOf(long turnId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + CANDIDATE_COLUMNS
                    + " FROM candidates c WHERE c.turn_id = ? ORDER BY c.id")) {
                query.setLong(1, turnId);
                List<Candidate> candidates = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        candidates.add(candidate(row));
                    }
                }
                return candidates;
            }
        });
    }

    private SessionContent content(long sessionId, String candidateColumns) {
        Session session = session(sessionId).orElseThrow(() -> new StoreException("There is no session " + sessionId + "."));
        return database.read(connection -> {
            List<Turn> turns = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT * FROM turns WHERE session_id = ? ORDER BY id")) {
                query.setLong(1, sessionId);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        turns.add(turn(row));
                    }
                }
            }
            List<Candidate> candidates = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT " + candidateColumns
                    + " FROM candidates c JOIN turns t ON t.id = c.turn_id WHERE t.session_id = ? ORDER BY c.id")) {
                query.setLong(1, sessionId);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        candidates.add(candidate(row));
                    }
                }
            }
            return new SessionContent(session, turns, candidates);
        });
    }

    public Optional<Turn> turn(long id) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM turns WHERE id = ?")) {
                query.setLong(1, id);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(turn(row)) : Optional.<Turn>empty();
                }
            }
        });
    }

    /** The ids of a turn's replies, oldest first. */
    public List<Long> candidateIds(long turnId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id FROM candidates WHERE turn_id = ? ORDER BY id")) {
                query.setLong(1, turnId);
                List<Long> ids = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        ids.add(row.getLong(1));
                    }
                }
                return ids;
            }
        });
    }

    public Optional<Candidate> candidate(long id) {
        return database.read(connection -> findCandidate(connection, id));
    }

    /**
     * Adds a user message after {@code parentCandidateId} (null: at the root). Adding a second message
     * after the same candidate branches the conversation.
     */
    public Turn addTurn(long sessionId, Long parentCandidateId, String userText) {
        Objects.requireNonNull(userText, "userText");
        long now = clock.getAsLong();
        long id = database.inTransaction(connection -> {
            requireSession(connection, sessionId);
            if (parentCandidateId != null) {
                long parentSession = sessionOfCandidate(connection, parentCandidateId);
                if (parentSession != sessionId) {
                    throw new StoreException("Reply " + parentCandidateId + " belongs to session " + parentSession
                            + ", not to session " + sessionId + ".");
                }
            }
            long turnId = insertTurn(connection, sessionId, parentCandidateId, userText, now);
            touch(connection, sessionId, now);
            return turnId;
        });
        return new Turn(id, sessionId, parentCandidateId, userText, now);
    }

    /** One exchange of a session written at once: the user's message and the reply that follows it. */
    public record Exchange(String userText, CandidateDraft reply) {
        public Exchange {
            Objects.requireNonNull(userText, "userText");
            Objects.requireNonNull(reply, "reply");
        }
    }

    /**
     * A session titled {@code title} holding {@code exchanges} in order (each message after the reply before it), all
     * in one transaction; returns the session's id. When a session of that character and title exists nothing is
     * written and its id is returned (empty when there is none), so importing the same thing twice makes one session.
     */
    public long createSessionWith(String characterId, String title, String userName, List<Exchange> exchanges) {
        Objects.requireNonNull(title, "title");
        if (exchanges.isEmpty()) {
            throw new StoreException("A session needs at least one exchange.");
        }
        long now = clock.getAsLong();
        String user = userName == null || userName.isBlank() ? "user" : userName.strip();
        return database.inTransaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id FROM sessions WHERE character_id = ? AND title = ? ORDER BY id LIMIT 1")) {
                query.setString(1, characterId);
                query.setString(2, title);
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        return row.getLong(1);
                    }
                }
            }
            long sessionId = insertSession(connection, characterId, title, user, now);
            Long parent = null;
            for (Exchange exchange : exchanges) {
                long turnId = insertTurn(connection, sessionId, parent, exchange.userText(), now);
                parent = insertCandidate(connection, turnId, null, exchange.reply(), now).id();
            }
            return sessionId;
        });
    }

    /** Stores candidates for a turn in one transaction; {@code batchId} groups those generated together. */
    public List<Candidate> addCandidates(long turnId, String batchId, List<CandidateDraft> drafts) {
        long now = clock.getAsLong();
        return database.inTransaction(connection -> {
            long sessionId = sessionOfTurn(connection, turnId);
            List<Candidate> stored = new ArrayList<>();
            for (CandidateDraft draft : drafts) {
                if (draft.editedFromId() != null && sessionOfCandidate(connection, draft.editedFromId()) != sessionId) {
                    throw new StoreException("Reply " + draft.editedFromId() + " is not in session " + sessionId + ".");
                }
                stored.add(insertCandidate(connection, turnId, batchId, draft, now));
            }
            touch(connection, sessionId, now);
            return stored;
        });
    }

    /**
     * Stores an edit of a reply as a new candidate of the same turn (origin {@code edit}, pointing at the
     * original), keeping the prompt the original answered. The original stays as it was.
     */
    public Candidate addEdit(long originalId, String newText) {
        long now = clock.getAsLong();
        return database.inTransaction(connection -> {
            Candidate original = findCandidate(connection, originalId)
                    .orElseThrow(() -> new StoreException("There is no reply " + originalId + " to edit."));
            CandidateDraft edit = new CandidateDraft(newText, CandidateOrigin.EDIT, originalId, null, null,
                    original.promptText(), original.promptTokenCount(), original.templateId(),
                    original.retrievalJson(), null, null);
            Candidate stored = insertCandidate(connection, original.turnId(), null, edit, now);
            touch(connection, sessionOfTurn(connection, original.turnId()), now);
            return stored;
        });
    }

    private Candidate insertCandidate(Connection connection, long turnId, String batchId, CandidateDraft draft, long now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO candidates (turn_id, text, origin, "
                + "edited_from_id, batch_id, model_name, sampling_json, prompt_text, prompt_token_count, template_id, "
                + "retrieval_json, logprobs_json, finish_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, turnId);
            insert.setString(2, draft.text());
            insert.setString(3, draft.origin().dbName());
            Rows.setLong(insert, 4, draft.editedFromId());
            insert.setString(5, batchId);
            insert.setString(6, draft.modelName());
            insert.setString(7, draft.samplingJson());
            insert.setString(8, draft.promptText());
            Rows.setInt(insert, 9, draft.promptTokenCount());
            Rows.setLong(insert, 10, draft.templateId());
            insert.setString(11, draft.retrievalJson());
            insert.setString(12, draft.logprobsJson());
            insert.setString(13, draft.finishReason());
            insert.setLong(14, now);
            insert.executeUpdate();
            return new Candidate(Rows.insertedId(insert), turnId, draft.text(), draft.origin(), draft.editedFromId(),
                    batchId, draft.modelName(), draft.samplingJson(), draft.promptText(), draft.promptTokenCount(),
                    draft.templateId(), draft.retrievalJson(), draft.logprobsJson(), draft.finishReason(), now);
        }
    }

    private static void requireSession(Connection connection, long sessionId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM sessions WHERE id = ?")) {
            query.setLong(1, sessionId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new StoreException("There is no session " + sessionId + ".");
                }
            }
        }
    }

    private static long sessionOfTurn(Connection connection, long turnId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT session_id FROM turns WHERE id = ?")) {
            query.setLong(1, turnId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new StoreException("There is no turn " + turnId + ".");
                }
                return row.getLong(1);
            }
        }
    }

    private static long sessionOfCandidate(Connection connection, long candidateId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT t.session_id FROM candidates c JOIN turns t ON t.id = c.turn_id WHERE c.id = ?")) {
            query.setLong(1, candidateId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new StoreException("There is no reply " + candidateId + ".");
                }
                return row.getLong(1);
            }
        }
    }

    private static Optional<Candidate> findCandidate(Connection connection, long id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + CANDIDATE_COLUMNS
                + " FROM candidates c WHERE c.id = ?")) {
            query.setLong(1, id);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(candidate(row)) : Optional.empty();
            }
        }
    }

    private static long insertSession(Connection connection, String characterId, String title, String user, long now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO sessions (character_id, title, user_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, characterId);
            insert.setString(2, title);
            insert.setString(3, user);
            insert.setLong(4, now);
            insert.setLong(5, now);
            insert.executeUpdate();
            return Rows.insertedId(insert);
        }
    }

    private static long insertTurn(Connection connection, long sessionId, Long parentCandidateId, String userText,
                                   long now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO turns (session_id, parent_candidate_id, user_text, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setLong(1, sessionId);
            Rows.setLong(insert, 2, parentCandidateId);
            insert.setString(3, userText);
            insert.setLong(4, now);
            insert.executeUpdate();
            return Rows.insertedId(insert);
        }
    }

    private static void touch(Connection connection, long sessionId, long now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE sessions SET updated_at = ? WHERE id = ?")) {
            update.setLong(1, now);
            update.setLong(2, sessionId);
            update.executeUpdate();
        }
    }

    private static Session session(ResultSet row) throws SQLException {
        return new Session(row.getLong("id"), row.getString("character_id"), row.getString("title"),
                row.getString("user_name"), row.getLong("created_at"), row.getLong("updated_at"));
    }

    private static Turn turn(ResultSet row) throws SQLException {
        return new Turn(row.getLong("id"), row.getLong("session_id"), Rows.getLong(row, "parent_candidate_id"),
                row.getString("user_text"), row.getLong("created_at"));
    }

    private static Candidate candidate(ResultSet row) throws SQLException {
        return new Candidate(row.getLong("id"), row.getLong("turn_id"), row.getString("text"),
                CandidateOrigin.fromDb(row.getString("origin")), Rows.getLong(row, "edited_from_id"),
                row.getString("batch_id"), row.getString("model_name"), row.getString("sampling_json"),
                row.getString("prompt_text"), Rows.getInt(row, "prompt_token_count"), Rows.getLong(row, "template_id"),
                row.getString("retrieval_json"), row.getString("logprobs_json"), row.getString("finish_reason"),
                row.getLong("created_at"));
    }
}
