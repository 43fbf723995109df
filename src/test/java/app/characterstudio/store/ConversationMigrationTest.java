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
    void templatesSavedBeforeLayoutsAreMarkedLayoutOneAndRepliesKeepPointingAtThem() throws Exception {
        Path file = dir.resolve("studio.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            schemaAt(statement, 2);
            statement.execute("INSERT INTO prompt_templates (id, character_id, name, version, body, created_at) "
                    + "VALUES (4, NULL, 'index-character', 1, 'T ${dialog}', 1)");
            statement.execute("INSERT INTO sessions (id, character_id, created_at, updated_at) VALUES (7, 'sansan', 1, 1)");
            statement.execute("INSERT INTO turns (id, session_id, user_text, created_at) VALUES (3, 7, '你好', 1)");
            statement.execute("INSERT INTO candidates (id, turn_id, text, origin, prompt_text, template_id, created_at) "
                    + "VALUES (5, 3, '嗨', 'human', 'user0：在吗', 4, 1)");
        }
        try (Database database = Database.open(file)) {
            PromptTemplateRepository templates = new PromptTemplateRepository(database);
            StoredTemplate old = templates.byId(4).orElseThrow();
            assertEquals(1, old.layout());
            StoredTemplate next = templates.save(null, "index-character", "T ${dialog}", 2);
            assertEquals(2, next.version(), "the same body under a new layout is a new version");
            Candidate reply = new ConversationRepository(database).candidatesOf(3).get(0);
            assertEquals(4L, reply.templateId());
            assertEquals("user0：在吗", reply.promptText());
        }
    }

    @Test
    void aSchemaV4DatabaseGetsStableIdsForItsRowsAndNewRowsGetThemToo() throws Exception {
        Path file = dir.resolve("studio.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            schemaAt(statement, 4);
            statement.execute("INSERT INTO sessions (id, character_id, created_at, updated_at) VALUES (7, 'sansan', 1, 1)");
            statement.execute("INSERT INTO turns (id, session_id, user_text, created_at) VALUES (3, 7, '你好', 1)");
            statement.execute("INSERT INTO candidates (id, turn_id, text, origin, created_at) VALUES (5, 3, '嗨', 'human', 1)");
            statement.execute("INSERT INTO candidates (id, turn_id, text, origin, created_at) VALUES (6, 3, '在', 'human', 1)");
            statement.execute("INSERT INTO labels (turn_id, chosen_candidate_id, labeled_at) VALUES (3, 5, 1)");
        }
        java.util.regex.Pattern uuid = java.util.regex.Pattern.compile(
                "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        try (Database database = Database.open(file)) {
            new ConversationRepository(database).addCandidates(3, "b",
                    java.util.List.of(CandidateDraft.handWritten("新", null, null, null, null)));
            java.util.List<String> uids = database.read(connection -> {
                java.util.List<String> all = new java.util.ArrayList<>();
                try (Statement query = connection.createStatement();
                     java.sql.ResultSet row = query.executeQuery("SELECT uid FROM sessions UNION ALL SELECT uid FROM turns"
                             + " UNION ALL SELECT uid FROM candidates")) {
                    while (row.next()) {
                        all.add(row.getString(1));
                    }
                }
                return all;
            });
            assertEquals(5, uids.size());
            assertEquals(5, new java.util.HashSet<>(uids).size(), "every stable id differs: " + uids);
            uids.forEach(id -> assertTrue(uuid.matcher(id).matches(), id));
            assertEquals(java.util.Optional.of(""), new LabelRepository(database).labeler(3), "an old label has no labeler");
        }
    }

    private static void schemaAt(Statement statement, int schemaVersion) throws java.sql.SQLException {
        for (int version = 1; version <= schemaVersion; version++) {
            for (String sql : Migrations.statementsOf(version)) {
                statement.execute(sql);
            }
        }
        statement.execute("PRAGMA user_version = " + schemaVersion);
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
