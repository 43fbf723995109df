package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, item 9: zero and negative counts are a usage error naming the option, never a stack trace. */
class OptionRangeTest {
    @TempDir
    Path dir;

    private void refused(CliRunner cli, String option, String... args) {
        CliRunner.Result result = cli.run(args);
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains(option + " must be at least"), result.toString());
        assertFalse(result.err().contains("Exception") || result.err().contains("\tat "), result.toString());
    }

    @Test
    void windowLimitPerSceneAndMinReplyAreChecked() throws Exception {
        CliRunner cli = new CliRunner(dir.resolve("ws"));
        Path script = Files.writeString(dir.resolve("s.txt"), "二二：你好\n三三：再见\n");
        for (String value : new String[] {"0", "-3"}) {
            refused(cli, "--window", "script", "import", "--window", value, script.toString());
            refused(cli, "--limit", "script", "search", "--speaker", "二二", "--query", "你好", "--limit", value);
            refused(cli, "--per-scene", "script", "search", "--speaker", "二二", "--query", "你好", "--per-scene", value);
        }
        refused(cli, "--min-reply", "script", "search", "--speaker", "二二", "--query", "你好", "--min-reply", "-1");
        assertEquals(0, cli.run("script", "sources").out().length(), "nothing was imported");
        assertEquals(0, cli.run("script", "import", "--window", "1", script.toString()).exitCode());
        assertEquals(0, cli.run("script", "search", "--speaker", "二二", "--query", "你好", "--limit", "1",
                "--per-scene", "1", "--min-reply", "0").exitCode());
    }
}
