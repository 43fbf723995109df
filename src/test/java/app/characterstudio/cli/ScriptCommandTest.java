package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptCommandTest {
    @TempDir
    Path dir;

    private Path fixture() throws IOException {
        Path file = dir.resolve("二二三三.txt");
        try (InputStream in = getClass().getResourceAsStream("/script/retrieval.txt")) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    @Test
    void aBadFileInTheMiddleOfAnImportIsReportedWithWhatHappenedToEveryOtherFile() throws IOException {
        CliRunner cli = new CliRunner(dir.resolve("ws"));
        Path first = fixture();
        Path bad = Files.writeString(dir.resolve("broken.json"), "{\"lines\": [oops");
        Path last = Files.writeString(dir.resolve("last.txt"), "三三：最后一场。\n二二：好。\n");

        CliRunner.Result result = cli.run("script", "import", first.toString(), bad.toString(), last.toString());

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.out().contains("二二三三.txt: 6 scenes, 24 lines"), result.out());
        assertTrue(result.out().contains(bad + ": not imported: "), result.out());
        assertTrue(result.out().contains("last.txt: 1 scenes, 2 lines"), "the file after the bad one is tried: " + result.out());
        assertTrue(result.err().contains("2 of 3 files imported; not imported (nothing of it was stored): broken.json."),
                result.err());
        CliRunner.Result sources = cli.run("script", "sources");
        assertTrue(sources.out().contains("二二三三.txt") && sources.out().contains("last.txt"), sources.out());
        assertFalse(sources.out().contains("broken.json"), sources.out());

        CliRunner.Result json = cli.run("script", "import", "--json", bad.toString(), first.toString());
        JsonNode outcomes = new ObjectMapper().readTree(json.out());
        assertFalse(outcomes.get(0).get("imported").asBoolean(), json.out());
        assertTrue(outcomes.get(0).get("error").asText().contains("broken.json"), json.out());
        assertTrue(outcomes.get(1).get("already_imported").asBoolean(), json.out());
    }

    @Test
    void importSpeakersSearchRemoveAndReindex() throws IOException {
        CliRunner cli = new CliRunner(dir.resolve("ws"));
        Path file = fixture();
        CliRunner.Result imported = cli.run("script", "import", file.toString());
        assertEquals(0, imported.exitCode(), imported.toString());
        assertTrue(imported.out().contains("二二三三.txt: 6 scenes, 24 lines, 3 speakers, 24 exchanges added"), imported.out());
        CliRunner.Result again = cli.run("script", "import", "--json", file.toString());
        JsonNode report = new ObjectMapper().readTree(again.out()).get(0);
        assertTrue(report.get("already_imported").asBoolean(), again.out());

        CliRunner.Result speakers = cli.run("script", "speakers", "--json");
        JsonNode list = new ObjectMapper().readTree(speakers.out());
        assertEquals("三三", list.get(0).get("speaker").asText());
        assertEquals(12, list.get(0).get("lines").asInt());

        CliRunner.Result search = cli.run("script", "search", "--speaker", "三三", "--query", "野外迷路了，怎么判断南北？",
                "--limit", "3", "--json");
        assertEquals(0, search.exitCode(), search.toString());
        JsonNode hits = new ObjectMapper().readTree(search.out());
        assertEquals("看树的年轮和太阳的位置就能判断南北。", hits.get(0).get("lines").get(1).get("text").asText());
        CliRunner.Result plain = cli.run("script", "search", "--speaker", "三三", "--query", "野外迷路");
        assertTrue(plain.out().contains("[野外迷路]"), plain.out());

        CliRunner.Result reindex = cli.run("script", "reindex");
        assertTrue(reindex.out().contains("Reindexed 24 exchanges"), reindex.toString());
        assertEquals(0, cli.run("script", "remove", "二二三三.txt").exitCode());
        assertTrue(cli.run("script", "search", "--speaker", "三三", "--query", "野外迷路").out().contains("No exchanges"));
        CliRunner.Result missing = cli.run("script", "remove", "二二三三.txt");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no imported source named"), missing.err());
    }

    @Test
    void encodingOverrideColumnsAndBadInputErrors() throws IOException {
        CliRunner cli = new CliRunner(dir.resolve("ws"));
        Path gbk = dir.resolve("gbk.csv");
        Files.write(gbk, "who;x,what\n张三,你好\n李四,再见\n".replace(";x", "").getBytes(Charset.forName("GBK")));
        CliRunner.Result wrong = cli.run("script", "import", "--encoding", "utf-8", gbk.toString());
        assertEquals(2, wrong.exitCode());
        assertTrue(wrong.err().contains("gbk.csv") && wrong.err().contains("not valid UTF-8"), wrong.err());
        CliRunner.Result ok = cli.run("script", "import", "--encoding", "gb18030", "--speaker-col", "who",
                "--text-col", "what", gbk.toString());
        assertEquals(0, ok.exitCode(), ok.toString());
        assertTrue(ok.out().contains("2 lines, 2 speakers"), ok.out());
        assertTrue(cli.run("script", "sources", "--json").out().contains("\"encoding\" : \"GB18030\""));
        CliRunner.Result help = cli.run("script", "import", "--help");
        assertTrue(help.out().contains("--speaker-col"), help.out());
    }
}
