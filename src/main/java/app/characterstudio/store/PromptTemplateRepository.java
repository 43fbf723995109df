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
 * Versioned prompt templates. A character's template is the newest version saved for it, else the
 * newest default (character null). Saving never overwrites: it adds version n+1, so every candidate
 * keeps pointing at the exact template that produced its prompt.
 */
public final class PromptTemplateRepository {
    private final Database database;
    private final LongSupplier clock;

    public PromptTemplateRepository(Database database) {
        this(database, System::currentTimeMillis);
    }

    public PromptTemplateRepository(Database database, LongSupplier clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = clock;
    }

    /** The template in force for {@code characterId}: its own newest version, else the newest default. */
    public Optional<StoredTemplate> current(String characterId, String name) {
        return database.read(connection -> {
            Optional<StoredTemplate> own = characterId == null ? Optional.empty() : newest(connection, characterId, name);
            return own.isPresent() ? own : newest(connection, null, name);
        });
    }

    /**
     * Saves {@code body} with {@code layout} as the next version for {@code characterId} (null: the
     * default), unless the newest version already has both.
     */
    public StoredTemplate save(String characterId, String name, String body, int layout) {
        Objects.requireNonNull(body, "body");
        long now = clock.getAsLong();
        return database.inTransaction(connection -> {
            Optional<StoredTemplate> latest = newest(connection, characterId, name);
            if (latest.isPresent() && latest.get().body().equals(body) && latest.get().layout() == layout) {
                return latest.get();
            }
            int version = latest.map(t -> t.version() + 1).orElse(1);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO prompt_templates (character_id, name, version, body, created_at, layout)"
                            + " VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, characterId);
                insert.setString(2, name);
                insert.setInt(3, version);
                insert.setString(4, body);
                insert.setLong(5, now);
                insert.setInt(6, layout);
                insert.executeUpdate();
                return new StoredTemplate(Rows.insertedId(insert), characterId, name, version, body, now, layout);
            }
        });
    }

    public Optional<StoredTemplate> byId(long id) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM prompt_templates WHERE id = ?")) {
                query.setLong(1, id);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(template(row)) : Optional.<StoredTemplate>empty();
                }
            }
        });
    }

    /** Every version saved for {@code characterId} (null: the defaults), oldest first. */
    public List<StoredTemplate> versions(String characterId, String name) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM prompt_templates WHERE "
                    + ownerClause(characterId) + " AND name = ? ORDER BY version")) {
                int next = bindOwner(query, characterId);
                query.setString(next, name);
                List<StoredTemplate> versions = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        versions.add(template(row));
                    }
                }
                return versions;
            }
        });
    }

    private static Optional<StoredTemplate> newest(Connection connection, String characterId, String name)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT * FROM prompt_templates WHERE "
                + ownerClause(characterId) + " AND name = ? ORDER BY version DESC LIMIT 1")) {
            int next = bindOwner(query, characterId);
            query.setString(next, name);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(template(row)) : Optional.empty();
            }
        }
    }

    private static String ownerClause(String characterId) {
        return characterId == null ? "character_id IS NULL" : "character_id = ?";
    }

    private static int bindOwner(PreparedStatement query, String characterId) throws SQLException {
        if (characterId == null) {
            return 1;
        }
        query.setString(1, characterId);
        return 2;
    }

    private static StoredTemplate template(ResultSet row) throws SQLException {
        return new StoredTemplate(row.getLong("id"), row.getString("character_id"), row.getString("name"),
                row.getInt("version"), row.getString("body"), row.getLong("created_at"), row.getInt("layout"));
    }
}
