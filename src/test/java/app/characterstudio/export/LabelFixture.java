package app.characterstudio.export;

import app.characterstudio.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Writes sessions, turns, candidates and labels with plain SQL, as the chat and label rooms do. */
public final class LabelFixture {
    static final long DAY = 86_400_000L;
    /** 2026-01-01T00:00:00Z. */
    static final long START = 1_767_225_600_000L;

    private final Database database;
    private long clock = START;

    public LabelFixture(Database database) {
        this.database = database;
    }

    Database database() {
        return database;
    }

    /** Moves the clock used for created_at/labeled_at to {@code ms}. */
    LabelFixture at(long ms) {
        clock = ms;
        return this;
    }

    long session(String characterId, String userName) {
        return insert("INSERT INTO sessions (character_id, user_name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                characterId, userName, clock, clock);
    }

    long turn(long sessionId, Long parentCandidateId, String userText) {
        return insert("INSERT INTO turns (session_id, parent_candidate_id, user_text, created_at) VALUES (?, ?, ?, ?)",
                sessionId, parentCandidateId, userText, clock);
    }

    long candidate(long turnId, String text) {
        return candidate(turnId, text, "model", null, null);
    }

    long candidate(long turnId, String text, String retrievalJson) {
        return candidate(turnId, text, "model", null, retrievalJson);
    }

    /** A model reply with the prompt it was generated from, as the chat stores it. */
    long prompted(long turnId, String text, String promptText) {
        return insert("INSERT INTO candidates (turn_id, text, origin, prompt_text, created_at) VALUES (?, ?, 'model', ?, ?)",
                turnId, text, promptText, clock);
    }

    long edit(long turnId, long editedFrom, String text) {
        return candidate(turnId, text, "edit", editedFrom, null);
    }

    long candidate(long turnId, String text, String origin, Long editedFrom, String retrievalJson) {
        return insert("INSERT INTO candidates (turn_id, text, origin, edited_from_id, retrieval_json, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", turnId, text, origin, editedFrom, retrievalJson, clock);
    }

    Label label(long turnId) {
        return new Label(turnId);
    }

    /** A label being written: {@code chosen(..).rejected(..).reasons(..).save()}. */
    final class Label {
        private final long turnId;
        private Long chosen;
        private final List<Long> rejected = new ArrayList<>();
        private final List<Long> ranking = new ArrayList<>();
        private final List<String> reasons = new ArrayList<>();
        private boolean safety;

        private Label(long turnId) {
            this.turnId = turnId;
        }

        Label chosen(long id) {
            chosen = id;
            return this;
        }

        Label rejected(long... ids) {
            for (long id : ids) {
                rejected.add(id);
            }
            return this;
        }

        Label ranked(long... idsBestFirst) {
            for (long id : idsBestFirst) {
                ranking.add(id);
            }
            return this;
        }

        Label reasons(String... tags) {
            reasons.addAll(List.of(tags));
            return this;
        }

        Label safety() {
            safety = true;
            return this;
        }

        void save() {
            insert("INSERT INTO labels (turn_id, chosen_candidate_id, rationale, safety_case, time_spent_ms, labeled_at) "
                    + "VALUES (?, ?, '', ?, 1000, ?)", turnId, chosen, safety ? 1 : 0, clock);
            for (long id : rejected) {
                insert("INSERT INTO label_rejections (turn_id, candidate_id) VALUES (?, ?)", turnId, id);
            }
            for (int i = 0; i < ranking.size(); i++) {
                insert("INSERT INTO label_rankings (turn_id, candidate_id, rank) VALUES (?, ?, ?)",
                        turnId, ranking.get(i), i + 1);
            }
            for (String reason : reasons) {
                insert("INSERT INTO label_reasons (turn_id, reason) VALUES (?, ?)", turnId, reason);
            }
        }
    }

    /** One session of {@code turns} single-reply-chosen-over-one-rejected turns; returns its id. */
    public long simpleSession(String characterId, int turns, String prefix) {
        long session = session(characterId, "小明");
        Long parent = null;
        for (int i = 0; i < turns; i++) {
            long turn = turn(session, parent, prefix + " 问题 " + i);
            long good = candidate(turn, prefix + " 好的回答 " + i);
            long bad = candidate(turn, prefix + " 差的回答 " + i);
            label(turn).chosen(good).rejected(bad).reasons("bland").save();
            parent = good;
        }
        return session;
    }

    /**
     * Many sessions at once, in one transaction: each turn has a chosen and a rejected reply, the next
     * turn follows the chosen one. User texts are {@code s<session>t<turn> ...} so tests can tell
     * sessions apart in written files.
     */
    public List<Long> bulk(String characterId, int sessions, int turnsPerSession) {
        return database.inTransaction(connection -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement session = connection.prepareStatement(
                    "INSERT INTO sessions (character_id, user_name, created_at, updated_at) VALUES (?, 'u', ?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement turn = connection.prepareStatement(
                         "INSERT INTO turns (session_id, parent_candidate_id, user_text, created_at) VALUES (?, ?, ?, ?)",
                         Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement candidate = connection.prepareStatement(
                         "INSERT INTO candidates (turn_id, text, origin, created_at) VALUES (?, ?, 'model', ?)",
                         Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement label = connection.prepareStatement(
                         "INSERT INTO labels (turn_id, chosen_candidate_id, labeled_at) VALUES (?, ?, ?)");
                 PreparedStatement rejection = connection.prepareStatement(
                         "INSERT INTO label_rejections (turn_id, candidate_id) VALUES (?, ?)")) {
                for (int s = 0; s < sessions; s++) {
                    session.setString(1, characterId);
                    session.setLong(2, clock);
                    session.setLong(3, clock);
                    long sessionId = key(session);
                    ids.add(sessionId);
                    Long parent = null;
                    for (int t = 0; t < turnsPerSession; t++) {
                        turn.setLong(1, sessionId);
                        turn.setObject(2, parent);
                        turn.setString(3, "s" + sessionId + "t" + t + " 你今天过得怎么样，想聊点什么 " + characterId);
                        turn.setLong(4, clock);
                        long turnId = key(turn);
                        candidate.setLong(1, turnId);
                        candidate.setString(2, "第" + t + "轮的好回答，来自会话" + sessionId + "，内容丰富而且符合人设");
                        candidate.setLong(3, clock);
                        long good = key(candidate);
                        candidate.setString(2, "第" + t + "轮的差回答" + sessionId);
                        long bad = key(candidate);
                        label.setLong(1, turnId);
                        label.setLong(2, good);
                        label.setLong(3, clock);
                        label.executeUpdate();
                        rejection.setLong(1, turnId);
                        rejection.setLong(2, bad);
                        rejection.executeUpdate();
                        parent = good;
                    }
                }
            }
            return ids;
        });
    }

    private static long key(PreparedStatement statement) throws java.sql.SQLException {
        statement.executeUpdate();
        try (ResultSet keys = statement.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    private long insert(String sql, Object... values) {
        return database.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 0; i < values.length; i++) {
                    statement.setObject(i + 1, values[i]);
                }
                statement.executeUpdate();
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    return keys.next() ? keys.getLong(1) : 0L;
                }
            }
        });
    }
}
