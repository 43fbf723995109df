package app.characterstudio.script;

import app.characterstudio.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The script tables of the workspace database: sources and their lines. */
public final class ScriptStore {
    private static final int BATCH = 10_000;
    private final Database database;

    public ScriptStore(Database database) {
        this.database = database;
    }

    public Database database() {
        return database;
    }

    /** Inserts a source and its lines inside the caller's transaction; line ids start at {@code firstLineId}. */
    static long insertSource(Connection connection, ParsedScript script, Instant importedAt, int window)
            throws SQLException {
        long sourceId;
        try (PreparedStatement source = connection.prepareStatement(
                "INSERT INTO script_sources (path, name, content_hash, encoding, format, imported_at, scene_count,"
                        + " line_count, exchange_window) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            source.setString(1, script.path());
            source.setString(2, script.name());
            source.setString(3, script.contentHash());
            source.setString(4, script.encoding());
            source.setString(5, script.format().label());
            source.setString(6, importedAt.toString());
            source.setInt(7, script.sceneCount());
            source.setInt(8, script.lines().size());
            source.setInt(9, window);
            source.executeUpdate();
            try (ResultSet keys = source.getGeneratedKeys()) {
                keys.next();
                sourceId = keys.getLong(1);
            }
        }
        return sourceId;
    }

    /** Inserts a source's lines inside the caller's transaction, with ids {@code firstLineId}, +1, ... */
    static void insertLines(Connection connection, long sourceId, List<ScriptLine> lines, long firstLineId)
            throws SQLException {
        try (Statement pragma = connection.createStatement()) {
            // a larger page cache keeps the line indexes' B-trees in memory during a bulk import
            pragma.execute("PRAGMA cache_size = -131072");
        }
        try (PreparedStatement line = connection.prepareStatement(
                "INSERT INTO script_lines (id, source_id, scene, line_number, speaker, text, direction)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            long id = firstLineId;
            int pending = 0;
            for (ScriptLine scriptLine : lines) {
                line.setLong(1, id++);
                line.setLong(2, sourceId);
                line.setInt(3, scriptLine.scene());
                line.setInt(4, scriptLine.lineNumber());
                line.setString(5, scriptLine.speaker());
                line.setString(6, scriptLine.text());
                line.setString(7, scriptLine.direction());
                line.addBatch();
                if (++pending == BATCH) {
                    line.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                line.executeBatch();
            }
        }
    }

    static long nextLineId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM script_lines")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static Optional<ScriptSource> findByHash(Connection connection, String hash) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SELECT_SOURCE + " WHERE content_hash = ?")) {
            statement.setString(1, hash);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(source(rows)) : Optional.empty();
            }
        }
    }

    public List<ScriptSource> sources() {
        return database.read(connection -> {
            List<ScriptSource> sources = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(SELECT_SOURCE + " ORDER BY id")) {
                while (rows.next()) {
                    sources.add(source(rows));
                }
            }
            return sources;
        });
    }

    /** Deletes a source inside the caller's transaction; its lines go with it (foreign key cascade). */
    static boolean delete(Connection connection, long sourceId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM script_sources WHERE id = ?")) {
            statement.setLong(1, sourceId);
            return statement.executeUpdate() > 0;
        }
    }

    /** Speakers and their line counts, most lines first; narration is not a speaker. */
    public Map<String, Integer> speakerCounts() {
        return database.read(connection -> {
            Map<String, Integer> counts = new LinkedHashMap<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT speaker, count(*) AS n FROM script_lines"
                         + " WHERE speaker <> '' GROUP BY speaker ORDER BY n DESC, speaker")) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
            return counts;
        });
    }

    /** Lines with ids from {@code firstId} to {@code lastId}, in order. */
    public List<StoredLine> linesBetween(long firstId, long lastId) {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    SELECT_LINE + " WHERE id BETWEEN ? AND ? ORDER BY id")) {
                statement.setLong(1, firstId);
                statement.setLong(2, lastId);
                return lines(statement);
            }
        });
    }

    /**
     * The scenes in which any of {@code speakers} speaks, each whole, in source and line order; when
     * {@code filter} is not blank, only scenes where one of their lines contains it.
     */
    public List<StoredLine> scenesOf(List<String> speakers, String filter, int maxScenes) {
        if (speakers.isEmpty()) {
            return List.of();
        }
        String marks = String.join(",", java.util.Collections.nCopies(speakers.size(), "?"));
        String sql = "SELECT l.id, l.source_id, l.scene, l.line_number, l.speaker, l.text, l.direction"
                + " FROM script_lines l JOIN (SELECT DISTINCT source_id, scene FROM script_lines"
                + " WHERE speaker IN (" + marks + ") AND instr(text, ?) > 0 ORDER BY source_id, scene LIMIT ?) s"
                + " ON l.source_id = s.source_id AND l.scene = s.scene ORDER BY l.id";
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int i = 1;
                for (String speaker : speakers) {
                    statement.setString(i++, speaker);
                }
                statement.setString(i++, filter == null ? "" : filter.strip());
                statement.setInt(i, maxScenes);
                return lines(statement);
            }
        });
    }

    /** All lines of a source in file order: for rebuilding the index. */
    public List<StoredLine> linesOf(long sourceId) {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    SELECT_LINE + " WHERE source_id = ? ORDER BY id")) {
                statement.setLong(1, sourceId);
                return lines(statement);
            }
        });
    }

    private static final String SELECT_SOURCE = "SELECT id, path, name, content_hash, encoding, format, imported_at,"
            + " scene_count, line_count, exchange_window FROM script_sources";
    private static final String SELECT_LINE = "SELECT id, source_id, scene, line_number, speaker, text, direction"
            + " FROM script_lines";

    private static ScriptSource source(ResultSet rows) throws SQLException {
        return new ScriptSource(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getString(6), Instant.parse(rows.getString(7)), rows.getInt(8), rows.getInt(9), rows.getInt(10));
    }

    private static List<StoredLine> lines(PreparedStatement statement) throws SQLException {
        List<StoredLine> lines = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                lines.add(line(rows));
            }
        }
        return lines;
    }

    private static StoredLine line(ResultSet rows) throws SQLException {
        return new StoredLine(rows.getLong(1), rows.getLong(2), new ScriptLine(rows.getInt(3), rows.getInt(4),
                rows.getString(5), rows.getString(6), rows.getString(7)));
    }
}
