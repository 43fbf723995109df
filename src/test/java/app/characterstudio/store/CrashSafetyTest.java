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
        List<long[]> committed = new ArrayList<>();
        // kill at different moments: early, while the file grows, and once the WAL holds many pages
        for (int commits : new int[] {3, 17, COMMITS_BEFORE_KILL}) {
            committed.addAll(runAndKill(file, commits));
            checkIntact(file, committed);
        }
    }

    /** Starts a writer on {@code file}, kills it once it reported {@code commits} commits; returns them. */
    private static List<long[]> runAndKill(Path file, int commits) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                TurnWriterChild.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<long[]> committed = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (committed.size() < commits && (line = out.readLine()) != null) {
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
        assertEquals(commits, committed.size(), "the writer stopped before reporting " + commits + " commits");
        return committed;
    }

    private static void checkIntact(Path file, List<long[]> committed) {
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
            List<Long> turnIds = new ArrayList<>();
            List<Long> candidateIds = new ArrayList<>();
            long turnsWithoutReplies = 0;
            for (Session session : conversations.sessions("crash")) {
                SessionContent content = conversations.content(session.id());
                content.turns().forEach(t -> turnIds.add(t.id()));
                content.candidates().forEach(c -> candidateIds.add(c.id()));
                turnsWithoutReplies += content.turns().stream()
                        .filter(t -> content.candidates().stream().noneMatch(c -> c.turnId() == t.id())).count();
            }
            for (long[] ids : committed) {
                assertTrue(turnIds.contains(ids[0]), "committed turn " + ids[0] + " is missing");
                assertTrue(candidateIds.contains(ids[1]), "committed reply " + ids[1] + " is missing");
            }
            // per killed writer, at most the turn being written when killed is there without its replies
            assertTrue(turnsWithoutReplies <= conversations.sessions("crash").size(),
                    turnsWithoutReplies + " turns lost their replies");
        }
    }
}
