package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonaCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workspace;

    @TempDir
    Path files;

    private Path fixture(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/persona/" + name)) {
            Path file = files.resolve(name);
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    private CliRunner.Result ok(CliRunner cli, String... args) {
        CliRunner.Result result = cli.run(args);
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    @Test
    void createListShowRenderDelete() throws Exception {
        CliRunner cli = new CliRunner(workspace);
        assertEquals("mira\n", ok(cli, "persona", "create", "Mira").out());
        assertEquals("mira\tMira\n", ok(cli, "persona", "list").out());
        JsonNode list = JSON.readTree(ok(cli, "persona", "list", "--json").out());
        assertEquals("mira", list.get(0).get("id").asText());
        assertEquals("Mira", JSON.readTree(ok(cli, "persona", "show", "mira", "--json").out()).get("name").asText());
        assertTrue(ok(cli, "persona", "show", "mira").out().contains("姓名：Mira"));
        assertEquals("以下是Mira的人设：\n姓名：Mira\n", ok(cli, "persona", "render", "mira").out());
        assertEquals("mira-copy\n", ok(cli, "persona", "duplicate", "mira").out());
        assertTrue(ok(cli, "persona", "delete", "mira-copy").out().contains(".trash"));
        assertTrue(ok(cli, "persona", "delete", "mira").out().contains(".trash"));
        assertEquals("", ok(cli, "persona", "list").out());
    }

    @Test
    void importPrintsIdsAndExportWritesEachFormat() throws Exception {
        CliRunner cli = new CliRunner(workspace);
        CliRunner.Result imported = ok(cli, "persona", "import", fixture("card-v2.json").toString(),
                fixture("profiles-zh.json").toString());
        assertEquals(List.of("captain-mira-vale", "沈青禾", "沈墨"), imported.out().lines().toList());
        assertTrue(ok(cli, "persona", "render", "沈青禾").out().startsWith("以下是沈青禾的人设：\n姓名：沈青禾\n性别：女\n"));
        for (String format : List.of("card-v2", "card-v3", "png", "json")) {
            Path out = files.resolve("out." + format);
            ok(cli, "persona", "export", "captain-mira-vale", "--format", format, "-o", out.toString());
            assertTrue(Files.size(out) > 100, format);
        }
        JsonNode v2 = JSON.readTree(files.resolve("out.card-v2").toFile());
        assertEquals(JSON.readTree(fixture("card-v2.json").toFile()), v2, "the card round-trips through the CLI");
        assertEquals("chara_card_v3", JSON.readTree(files.resolve("out.card-v3").toFile()).get("spec").asText());
        CliRunner.Result again = ok(cli, "persona", "import", "--json", files.resolve("out.png").toString());
        assertEquals("captain-mira-vale-2", JSON.readTree(again.out()).get(0).get("ids").get(0).asText());
    }

    @Test
    void importPrintsWhatEachProfileKeyBecameWithVerboseOrJson() throws Exception {
        CliRunner cli = new CliRunner(workspace);
        Path profile = Files.writeString(files.resolve("xiao.json"), "{\"姓名\":\"萧炎\",\"名字\":\"萧炎\","
                + "\"关键事件\":{\"事件\":\"获得雷灵珠\",\"经过\":\"在雷泽深处\"}}");
        CliRunner.Result verbose = ok(cli, "persona", "import", "--verbose", profile.toString());
        assertEquals(List.of("萧炎", "  萧炎 · 姓名 → 姓名 (name)", "  萧炎 · 名字 → dropped: already in 姓名",
                "  萧炎 · 关键事件 → extra field 关键事件 (nested values written as text)"), verbose.out().lines().toList());
        assertTrue(ok(cli, "persona", "render", "萧炎").out().contains("关键事件：获得雷灵珠——在雷泽深处"));

        JsonNode json = JSON.readTree(ok(cli, "persona", "import", "--json", profile.toString()).out());
        JsonNode key = json.get(0).get("keys").get(1);
        assertEquals("名字", key.get("key").asText());
        assertEquals("duplicate", key.get("outcome").asText());
        assertEquals("dropped: already in 姓名", key.get("became").asText());
        assertEquals(List.of("萧炎-3"), ok(cli, "persona", "import", profile.toString()).out().lines().toList(),
                "without --verbose only the ids");
    }

    @Test
    void badFileIsReportedAndOthersStillImport() throws Exception {
        CliRunner cli = new CliRunner(workspace);
        Path bad = Files.writeString(files.resolve("bad.json"), "{ not json");
        CliRunner.Result result = cli.run("persona", "import", bad.toString(), fixture("card-v1.json").toString());
        assertEquals(2, result.exitCode(), result.toString());
        assertEquals("old-card\n", result.out());
        assertTrue(result.err().contains(bad.toString()) && result.err().contains("not valid JSON at line 1"), result.err());
        assertFalse(result.err().contains("Exception"), "no stack trace: " + result.err());
    }

    @Test
    void errorsAreSpecific() throws Exception {
        CliRunner cli = new CliRunner(workspace);
        CliRunner.Result missing = cli.run("persona", "show", "nobody");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("No character 'nobody'"), missing.err());
        ok(cli, "persona", "create", "Mira");
        CliRunner.Result format = cli.run("persona", "export", "mira", "--format", "docx", "-o", "x");
        assertEquals(2, format.exitCode());
        assertTrue(format.err().contains("unknown format 'docx'"), format.err());
        assertTrue(ok(cli, "persona", "import", "--help").out().contains("Chinese profiles"));
    }

    @Test
    void importsTheModelsOwnCharacterFileWithItsDialoguesAndTheCsvBesideIt() throws Exception {
        for (String name : List.of("xiaodeng.json", "xiaodeng.csv")) {
            try (InputStream in = getClass().getResourceAsStream("/index-character/" + name)) {
                Files.write(files.resolve(name), in.readAllBytes());
            }
        }
        CliRunner cli = new CliRunner(workspace);
        CliRunner.Result imported = ok(cli, "persona", "import", "--json", files.resolve("xiaodeng.json").toString());
        JsonNode result = JSON.readTree(imported.out()).get(0);
        String id = result.get("ids").get(0).asText();
        assertEquals("xiaodeng.json", result.get("scripts").get(0).asText());
        assertTrue(result.get("notes").get(0).asText().contains("same dialogues"), imported.toString());

        CliRunner.Result rendered = ok(cli, "persona", "render", id);
        assertTrue(rendered.out().startsWith("以下是小灯的人设：\n姓名：小灯性别：女年龄：十五岁"), rendered.out());
        assertEquals(2, rendered.out().lines().count(), "the free text, verbatim, on its own line");
        assertTrue(ok(cli, "persona", "show", id).out().contains("form：text (the persona text, verbatim)\n姓名：小灯性别：女"));
        CliRunner.Result speakers = ok(cli, "script", "speakers");
        assertTrue(speakers.out().contains("小灯"), speakers.out());

        CliRunner.Result bad = cli.run("persona", "import", fixture("card-v1.json").toString().replace("card-v1", "none"));
        assertEquals(2, bad.exitCode());
    }
}
