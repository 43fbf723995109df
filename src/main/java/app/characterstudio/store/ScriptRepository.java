package app.characterstudio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The script tables of the workspace database: sources and their lines. */
public final class ScriptRepository {
    private static final int BATCH = 10_000;
    private final Database database;

    public ScriptRepository(Database database) {
        this.database = database;
    }

    /** Work done with the script tables inside one transaction. */
    @FunctionalInterface
    public interface WriteWork<T> {
        T run(Writes writes);
    }

    /** Runs {@code work} in one transaction: its writes are all committed, or none of them. */
    public <T> T inTransaction(WriteWork<T> work) {
        return database.inLongTransaction(connection -> work.run(new Writes(connection)));
    }

    /** The writes of an import or a removal, on the connection of the transaction in progress. */
    public final class Writes {
        private final Connection connection;

        private Writes(Connection connection) {
            this.connection = connection;
        }

        /** Inserts {@code source} (its id is ignored); returns the new source id. */
        public long insertSource(ScriptSource source) {
            return sql(c -> ScriptRepository.insertSource(connection, source));
        }

        /** Inserts a source's lines with ids {@code firstLineId}, +1, ... */
        public void insertLines(long sourceId, List<ScriptLine> lines, long firstLineId) {
            sql(c -> {
                ScriptRepository.insertLines(connection, sourceId, lines, firstLineId);
                return null;
            });
        }

        /** The id the next inserted line takes. */
        public long nextLineId() {
            return sql(c -> ScriptRepository.nextLineId(connection));
        }

        public Optional<ScriptSource> findByHash(String hash) {
            return sql(c -> ScriptRepository.findByHash(connection, hash));
        }

        /** Deletes a source; its lines go with it (foreign key cascade). */
        public boolean delete(long sourceId) {
            return sql(c -> ScriptRepository.delete(connection, sourceId));
        }

        /** The ids of every source, as this transaction sees them. */
        public Set<Long> sourceIds() {
            return sql(c -> ScriptRepository.sourceIds(connection));
        }

        private <T> T sql(Database.SqlWork<T> work) {
            try {
                return work.run(connection);
            } catch (SQLException e) {
                throw database.failure(e);
            }
        }
    }

    private static long insertSource(Connection connection, ScriptSource script) throws SQLException {
        long sourceId;
        try (PreparedStatement source = connection.prepareStatement(
                "INSERT INTO script_sources (path, name, content_hash, encoding, format, imported_at, scene_count,"
                        + " line_count, exchange_window) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            source.setString(1, script.path());
            source.setString(2, script.name());
            source.setString(3, script.contentHash());
            source.setString(4, script.encoding());
            source.setString(5, script.format());
            source.setString(6, script.importedAt().toString());
            source.setInt(7, script.sceneCount());
            source.setInt(8, script.lineCount());
            source.setInt(9, script.window());
            source.executeUpdate();
            try (ResultSet keys = source.getGeneratedKeys()) {
                keys.next();
                sourceId = keys.getLong(1);
            }
        }
        return sourceId;
    }

    private static void insertLines(Connection connection, long sourceId, List<ScriptLine> lines, long firstLineId)
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

    private static long nextLineId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM script_lines")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Optional<ScriptSource> findByHash(Connection connection, String hash) throws SQLException {
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

    private static boolean delete(Connection connection, long sourceId) throws SQLException {
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

    private static Set<Long> sourceIds(Connection connection) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM script_sources")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
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
