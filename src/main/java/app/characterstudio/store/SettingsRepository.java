package app.characterstudio.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Workspace settings kept in the database: a key and a text value each. */
public final class SettingsRepository {
    private final Database database;

    public SettingsRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    public Optional<String> get(String key) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT value FROM settings WHERE key = ?")) {
                query.setString(1, key);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(row.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    public void put(String key, String value) {
        database.inTransaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
                upsert.setString(1, key);
                upsert.setString(2, value);
                return upsert.executeUpdate();
            }
        });
    }

    /** Removes a setting; returns whether there was one. */
    public boolean remove(String key) {
        return database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM settings WHERE key = ?")) {
                delete.setString(1, key);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** The settings whose key starts with {@code prefix}, by key without the prefix, in key order. */
    public Map<String, String> withPrefix(String prefix) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT key, value FROM settings WHERE substr(key, 1, ?) = ? ORDER BY key")) {
                query.setInt(1, prefix.length());
                query.setString(2, prefix);
                Map<String, String> values = new LinkedHashMap<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        values.put(row.getString(1).substring(prefix.length()), row.getString(2));
                    }
                }
                return values;
            }
        });
    }
}
