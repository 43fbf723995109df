package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 3: the studio under a plain locale, as {@code env -i} gives it (no LANG, no LC_*: Java's
 * file-name encoding becomes ASCII). A character with a Chinese name still imports; its id is what the
 * file system can hold there. The child JVM is started with a cleared environment on this test's class path.
 */
class PlainLocaleTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private Run studio(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "app.characterstudio.Launcher",
                "--workspace", dir.resolve("ws").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("HOME", System.getProperty("user.home"));
        builder.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the studio ends");
        return new Run(process.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.ISO_8859_1),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.ISO_8859_1));
    }

    @Test
    void aChineseNamedCharacterImportsUnderAPlainLocale() throws Exception {
        Path card = Files.writeString(dir.resolve("zhang-san.json"),
                "{\"姓名\":\"张三\",\"性别\":\"男\",\"性格\":\"直爽\"}", StandardCharsets.UTF_8);
        Run imported = studio("persona", "import", card.toString());
        assertEquals(0, imported.exitCode(), imported.toString());
        assertEquals("character\n", imported.out(), imported.toString());
        Run again = studio("persona", "import", card.toString());
        assertEquals("character-2\n", again.out(), again.toString());
        Run list = studio("persona", "list", "--json");
        assertEquals(0, list.exitCode(), list.toString());
        String json = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"id\":\"character\"") || json.contains("\"id\" : \"character\""), json);
        String sheet = Files.readString(dir.resolve("ws/characters/character/persona.json"), StandardCharsets.UTF_8);
        assertTrue(sheet.contains("张三"), "the name itself stays Unicode in the sheet: " + sheet);
    }
}
