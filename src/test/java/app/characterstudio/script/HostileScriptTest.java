package app.characterstudio.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.store.Database;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, items 5, 13 and 16: long speakers, control characters in any encoding, very long lines. */
class HostileScriptTest {
    @TempDir
    Path dir;

    private static ScriptFormatException refused(String name, byte[] bytes, String... parts) {
        ScriptFormatException e = assertThrows(ScriptFormatException.class,
                () -> ScriptReader.read(name, name, bytes, ImportOptions.defaults()));
        assertTrue(e.getMessage().startsWith(name), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "says '" + part + "': " + e.getMessage());
        }
        return e;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSpeakerNameOverTheLimitIsRefusedInEveryFormatWithItsLine() {
        String huge = "名".repeat(11_000); // 33,000 UTF-8 bytes, over Lucene's 32,766
        refused("long.csv", utf8("speaker,text\nA,hi\n" + huge + ",hello\n"), "line 3", "speaker name");
        refused("long.tsv", utf8("speaker\ttext\nA\thi\n" + huge + "\thello\n"), "line 3", "speaker name");
        refused("long.json", utf8("{\"speaker\":\"A\",\"text\":\"hi\"}\n{\"speaker\":\"" + huge + "\",\"text\":\"x\"}\n"),
                "line 2", "speaker name");
    }

    @Test
    void theSpeakerLimitIsGenerousForRealNames() {
        String name = "x".repeat(ScriptReader.MAX_SPEAKER_CHARS);
        ParsedScript script = ScriptReader.read("ok.csv", "ok.csv", utf8("speaker,text\n" + name + ",hello\n"),
                ImportOptions.defaults());
        assertEquals(name, script.lines().get(0).speaker());
        refused("over.csv", utf8("speaker,text\n" + name + "x,hello\n"), "line 2");
    }

    @Test
    void aLongSpeakerNeverReachesTheIndex() throws Exception {
        try (Database database = Database.open(dir.resolve("studio.db"));
             ScriptLibrary library = new ScriptLibrary(database, dir.resolve("index"), 1)) {
            Path file = Files.write(dir.resolve("long.csv"), utf8("speaker,text\n" + "a".repeat(40_000) + ",hello\n"));
            assertThrows(ScriptFormatException.class,
                    () -> library.importFiles(List.of(file), ImportOptions.defaults(), ImportProgress.NONE));
            assertEquals(0, library.sources().size());
            Path longWord = Files.write(dir.resolve("word.csv"), utf8("speaker,text\nA," + "a".repeat(40_000) + "\n"));
            assertEquals(1, library.importFiles(List.of(longWord), ImportOptions.defaults(), ImportProgress.NONE).size());
        }
    }

    @Test
    void controlCharactersAreRefusedFromGb18030AsFromUtf8() {
        Charset gb = Charset.forName("GB18030");
        String lines = "二二：今天的天气真不错，我们出去走走吧。\n".repeat(5);
        byte[] withNul = (lines + "三三：再见\u0000了\n").getBytes(gb);
        refused("nul.txt", withNul, "line 6", "U+0000", "GB18030");
        byte[] withEscape = (lines + lines + "二二：你好\u001b[31m\n").getBytes(gb);
        refused("esc.txt", withEscape, "line 11", "U+001B");
        assertThrows(ScriptFormatException.class, () -> ScriptReader.read("nul.txt", "nul.txt", withNul,
                ImportOptions.defaults().withEncoding(ScriptEncoding.GB18030)));
        assertEquals(2, ScriptReader.read("ok.txt", "ok.txt", "二二：你好\n三三：再见\n".getBytes(gb),
                ImportOptions.defaults()).lines().size());
    }

    @Test
    void aLineOverTheLimitIsRefusedWithItsNumber() {
        String longLine = "二二：" + "好".repeat(ScriptReader.MAX_LINE_BYTES / 3 + 10);
        refused("long.txt", utf8("二二：你好\n\n" + longLine + "\n三三：嗯\n"), "line 3", "1 MiB");
        refused("long-cr.txt", utf8("a：b\r" + longLine), "line 2");
        byte[] utf16 = ("a：b\n" + "好".repeat(ScriptReader.MAX_LINE_BYTES / 2 + 10)).getBytes(StandardCharsets.UTF_16);
        refused("long16.txt", utf16, "line 2");
        String justUnder = "二二：" + "x".repeat(ScriptReader.MAX_LINE_BYTES - 20);
        assertEquals(1, ScriptReader.read("ok.txt", "ok.txt", utf8(justUnder), ImportOptions.defaults()).lines().size());
    }
}
