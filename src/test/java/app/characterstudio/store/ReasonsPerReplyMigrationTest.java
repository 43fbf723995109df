package app.characterstudio.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** V8: reasons name the reply they are about; reasons stored per turn before it stay about the whole turn. */
class ReasonsPerReplyMigrationTest {
    @TempDir
    Path dir;

    @Test
    void turnReasonsOfASchemaV5DatabaseStayTurnLevelAndReplyReasonsAreKeptBesideThem() throws Exception {
        Path file = dir.resolve("studio.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            for (int version = 1; version <= 5; version++) {
                for (String sql : Migrations.statementsOf(version)) {
                    statement.execute(sql);
                }
            }
            statement.execute("PRAGMA user_version = 5");
            statement.execute("INSERT INTO sessions (id, character_id, created_at, updated_at) VALUES (7, 'sansan', 1, 1)");
            statement.execute("INSERT INTO turns (id, session_id, user_text, created_at) VALUES (3, 7, '你好', 1)");
            statement.execute("INSERT INTO candidates (id, turn_id, text, origin, created_at) VALUES (5, 3, '嗨', 'human', 1)");
            statement.execute("INSERT INTO candidates (id, turn_id, text, origin, created_at) VALUES (6, 3, '在', 'human', 1)");
            statement.execute("INSERT INTO labels (turn_id, chosen_candidate_id, labeled_at) VALUES (3, 5, 1)");
            statement.execute("INSERT INTO label_rejections (turn_id, candidate_id) VALUES (3, 6)");
            statement.execute("INSERT INTO label_reasons (turn_id, reason) VALUES (3, 'bland'), (3, 'too_long')");
        }
        try (Database database = Database.open(file)) {
            LabelRepository labels = new LabelRepository(database);
            LabelRow migrated = labels.find(3).orElseThrow();
            assertEquals(List.of("bland", "too_long"), migrated.reasons(), "old reasons stay about the whole turn");
            assertEquals(Map.of(), migrated.replyReasons());

            LabelRow next = new LabelRow(3, 5L, List.of(6L), List.of(), List.of("bland"), "", false, 0, 2, false,
                    Map.of(6L, List.of("bland", "out_of_character"), 5L, List.of("too_long")));
            labels.save(next, "alice");
            assertEquals(next, labels.find(3).orElseThrow(), "the same tag may be about the turn and two replies");
            labels.undoLast();
            assertEquals(migrated, labels.find(3).orElseThrow(), "undo restores the turn-level reasons");
            labels.save(next, "alice");
            labels.save(new LabelRow(3, 5L, List.of(6L), List.of(), List.of(), "", false, 0, 3), "alice");
            labels.undoLast();
            assertEquals(next, labels.find(3).orElseThrow(), "undo restores the reasons of each reply");

            StoreException twice = assertThrows(StoreException.class, () -> database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO label_reasons (turn_id, candidate_id, reason) VALUES (3, 6, 'bland')");
                }
                return null;
            }));
            assertEquals(true, twice.getMessage().contains("UNIQUE"), twice.getMessage());
        }
    }
}
