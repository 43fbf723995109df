package app.characterstudio.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conversations survive schema upgrades; newer or corrupt databases are refused untouched. */
class ConversationMigrationTest {
    @TempDir
    Path dir;

    @Test
    void aSchemaV1DatabaseWithConversationsOpensMigratedWithItsTurns() throws Exception {
        Path file = dir.resolve("studio.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            for (String sql : Migrations.statementsOf(1)) {
                statement.execute(sql);
            }
            statement.execute("PRAGMA user_version = 1");
            statement.execute("INSERT INTO sessions (id, character_id, created_at, updated_at) VALUES (7, 'sansan', 1, 1)");
            statement.execute("INSERT INTO turns (id, session_id, user_text, created_at) VALUES (3, 7, '你好', 1)");
            statement.execute("INSERT INTO candidates (id, turn_id, text, origin, created_at) VALUES (5, 3, '嗨', 'human', 1)");
        }
        try (Database database = Database.open(file)) {
            assertEquals(Migrations.latestVersion(), database.schemaVersion());
            ConversationRepository conversations = new ConversationRepository(database);
            SessionContent content = conversations.content(7);
            assertEquals("你好", content.turns().get(0).userText());
            assertEquals(CandidateOrigin.HUMAN, content.candidates().get(0).origin());
            Turn next = conversations.addTurn(7, 5L, "再见");
            assertEquals(5L, next.parentCandidateId());
        }
    }

    @Test
    void aNewerDatabaseIsRefusedBeforeAnyConversationIsReadOrWritten() throws Exception {
        Path file = dir.resolve("studio.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = " + (Migrations.latestVersion() + 1));
        }
        byte[] before = Files.readAllBytes(file);
        StoreException error = assertThrows(StoreException.class, () -> Database.open(file));
        assertTrue(error.getMessage().contains("newer than this studio knows"), error.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aCorruptDatabaseIsRefusedUntouched() throws Exception {
        Path file = dir.resolve("studio.db");
        byte[] garbage = "this is not a database at all, just text that is long enough".repeat(20).getBytes();
        Files.write(file, garbage);
        StoreException error = assertThrows(StoreException.class, () -> Database.open(file));
        assertTrue(error.getMessage().contains("not a Character Studio database or is corrupt"), error.getMessage());
        assertArrayEquals(garbage, Files.readAllBytes(file));
    }
}
