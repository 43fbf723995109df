package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudioCommandTest {
    @TempDir
    Path workspace;

    @Test
    void withoutACommandTheWindowOpensOnTheWorkspace() {
        CliRunner cli = new CliRunner(workspace);
        assertEquals(StudioCommand.WINDOW_OPENED, cli.run().exitCode());
        assertEquals(workspace.toAbsolutePath().normalize(), cli.windowsOpened().get(0).root());
    }

    @Test
    void helpListsTheCommands() {
        CliRunner.Result result = new CliRunner(workspace).run("--help");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("persona"), result.out());
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRunner.Result result = new CliRunner(workspace).run("no-such-command");
        assertEquals(2, result.exitCode(), result.toString());
    }
}
