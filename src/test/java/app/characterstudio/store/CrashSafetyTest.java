package app.characterstudio.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a JVM while it writes turns; the database must open intact with every committed turn. */
class CrashSafetyTest {
    private static final int COMMITS_BEFORE_KILL = 30;

    @TempDir
    Path dir;

    @Test
    void killingTheWriterMidWriteLosesNoCommittedTurn() throws Exception {
        Path file = dir.resolve("studio.db");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                TurnWriterChild.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<long[]> committed = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (committed.size() < COMMITS_BEFORE_KILL && (line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                committed.add(new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
            }
            // the child keeps writing: kill it mid-write, without any chance to clean up
            // (destroying also closes our end of its output, so later reports are not read)
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the writer did not die");
        } finally {
            child.destroyForcibly();
        }
        assertTrue(committed.size() >= COMMITS_BEFORE_KILL, "the writer reported only " + committed.size() + " commits");

        try (Database database = Database.open(file)) {
            String integrity = database.read(connection -> {
                try (Statement statement = connection.createStatement();
                     ResultSet row = statement.executeQuery("PRAGMA integrity_check")) {
                    row.next();
                    return row.getString(1);
                }
            });
            assertEquals("ok", integrity);
            ConversationRepository conversations = new ConversationRepository(database);
            SessionContent content = conversations.content(conversations.sessions("crash").get(0).id());
            List<Long> turnIds = content.turns().stream().map(Turn::id).toList();
            List<Long> candidateIds = content.candidates().stream().map(Candidate::id).toList();
            for (long[] ids : committed) {
                assertTrue(turnIds.contains(ids[0]), "committed turn " + ids[0] + " is missing");
                assertTrue(candidateIds.contains(ids[1]), "committed reply " + ids[1] + " is missing");
            }
            // at most the turn being written when killed is there without its replies
            long turnsWithoutReplies = content.turns().stream()
                    .filter(t -> content.candidates().stream().noneMatch(c -> c.turnId() == t.id())).count();
            assertTrue(turnsWithoutReplies <= 1, turnsWithoutReplies + " turns lost their replies");
        }
    }
}
