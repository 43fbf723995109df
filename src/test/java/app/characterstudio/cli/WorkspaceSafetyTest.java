package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.Launcher;
import app.characterstudio.store.DatabaseFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged, read-only and shared workspaces, through the command line. */
class WorkspaceSafetyTest {
    @TempDir
    Path dir;

    /** Two scripts with different content: the fixture, and the fixture with one more scene. */
    private List<Path> twoScripts() throws IOException {
        byte[] fixture;
        try (InputStream in = getClass().getResourceAsStream("/script/retrieval.txt")) {
            fixture = in.readAllBytes();
        }
        Path first = Files.write(dir.resolve("first.txt"), fixture);
        Path second = Files.writeString(dir.resolve("second.txt"), new String(fixture, StandardCharsets.UTF_8)
                + "\n\n三三：又一场。\n二二：好的。\n");
        return List.of(first, second);
    }

    @Test
    void labelSetOnADatabaseDamagedInTheMiddleIsRefusedAndTheFileStaysByteIdentical() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        Path file = workspace.resolve("studio.db");
        DatabaseFixtures.fillAndDamageTheMiddle(file);
        byte[] before = Files.readAllBytes(file);

        CliRunner.Result result = new CliRunner(workspace).run("label", "set", "--turn", "1", "--chosen", "1");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains(file + " is damaged (quick_check: "), result.err());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aReadOnlyWorkspaceIsCalledReadOnlyAndReadingCommandsStillRun() throws Exception {
        Path workspace = dir.resolve("ws");
        CliRunner cli = new CliRunner(workspace);
        assertEquals(0, cli.run("script", "import", twoScripts().get(0).toString()).exitCode());
        DatabaseFixtures.makeReadOnly(workspace);
        try {
            CliRunner.Result sources = cli.run("script", "sources");
            assertEquals(0, sources.exitCode(), sources.toString());
            assertTrue(sources.out().contains("first.txt"), sources.out());
            CliRunner.Result search = cli.run("script", "search", "--speaker", "三三", "--query", "野外迷路");
            assertEquals(0, search.exitCode(), search.toString());
            assertTrue(search.out().contains("[野外迷路]"), search.out());
            CliRunner.Result sessions = cli.run("session", "list");
            assertEquals(0, sessions.exitCode(), sessions.toString());
            CliRunner.Result progress = cli.run("label", "progress");
            assertEquals(0, progress.exitCode(), progress.toString());

            CliRunner.Result write = cli.run("label", "set", "--turn", "1", "--chosen", "1");
            assertEquals(2, write.exitCode(), write.toString());
            assertTrue(write.err().contains("The workspace " + workspace.toAbsolutePath() + " is read-only"), write.err());
            assertFalse(write.err().contains("corrupt"), write.err());
        } finally {
            DatabaseFixtures.makeWritable(workspace);
        }
    }

    @Test
    void twoStudioProcessesImportingIntoOneWorkspaceBothSucceed() throws Exception {
        List<Path> scripts = twoScripts();
        for (int round = 0; round < 2; round++) {
            Path workspace = dir.resolve("ws-" + round);
            runTogether(workspace, round + " (fresh workspace)", scripts);
            assertSourcesAndSearch(workspace);
        }
        // on a workspace that exists, a read-to-write upgrade used to fail the second import with SQLITE_BUSY
        List<Path> more = List.of(Files.writeString(dir.resolve("third.txt"), "三三：第三个。\n二二：嗯。\n"),
                Files.writeString(dir.resolve("fourth.txt"), "三三：第四个。\n二二：好。\n"));
        runTogether(dir.resolve("ws-0"), "existing workspace", more);
        CliRunner.Result sources = new CliRunner(dir.resolve("ws-0")).run("script", "sources");
        assertTrue(sources.out().contains("third.txt") && sources.out().contains("fourth.txt"), sources.toString());
    }

    /** Starts one studio process per script, importing it into {@code workspace}, all at once. */
    private static void runTogether(Path workspace, String round, List<Path> scripts) throws Exception {
        List<Process> processes = new ArrayList<>();
        for (Path script : scripts) {
            processes.add(studioProcess(workspace, "script", "import", script.toString()));
        }
        for (Process process : processes) {
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), "a studio did not finish");
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), "round " + round + ": " + output);
        }
    }

    @Test
    void twoStudiosInOneProcessImportingIntoOneFreshWorkspaceBothSucceed() throws Exception {
        List<Path> scripts = twoScripts();
        for (int round = 0; round < 4; round++) {
            Path workspace = dir.resolve("threads-" + round);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<CliRunner.Result>> runs = new ArrayList<>();
            for (Path script : scripts) {
                runs.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return new CliRunner(workspace).run("script", "import", script.toString());
                }));
            }
            start.countDown();
            for (CompletableFuture<CliRunner.Result> run : runs) {
                CliRunner.Result result = run.get(120, TimeUnit.SECONDS);
                assertEquals(0, result.exitCode(), "round " + round + ": " + result);
            }
            assertSourcesAndSearch(workspace);
        }
    }

    private static void assertSourcesAndSearch(Path workspace) {
        CliRunner cli = new CliRunner(workspace);
        CliRunner.Result sources = cli.run("script", "sources");
        assertTrue(sources.out().contains("first.txt") && sources.out().contains("second.txt"), sources.toString());
        CliRunner.Result search = cli.run("script", "search", "--speaker", "三三", "--query", "又一场", "--json");
        assertTrue(search.out().contains("又一场"), "the second file is in the index: " + search);
    }

    private static Process studioProcess(Path workspace, String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Launcher.class.getName(), "--workspace", workspace.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
