package app.characterstudio.script;

import app.characterstudio.store.ScriptLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptReaderTest {
    private static final ImportOptions DEFAULTS = ImportOptions.defaults();

    private static ParsedScript read(String name, String text) {
        return ScriptReader.read(name, name, text.getBytes(StandardCharsets.UTF_8), DEFAULTS);
    }

    private static String render(List<ScriptLine> lines) {
        StringBuilder out = new StringBuilder();
        for (ScriptLine line : lines) {
            out.append(line.scene()).append('|').append(line.lineNumber()).append('|').append(line.speaker())
                    .append('|').append(line.text());
            if (!line.direction().isEmpty()) {
                out.append("|(").append(line.direction()).append(')');
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Test
    void screenplayReadsSpeakersDirectionsQuotesNarrationAndScenes() {
        String text = """
                第1场 客栈
                二二：就是这么直播的呀。
                三三（小声）:「姐姐，你又乱玩人家的手机啊。」
                （门外传来脚步声）
                旁白：夜深了。

                二二：好了！(笑) 来三三给观众老爷们笑一个。
                ## 第二幕
                三三：只要咱们用心，很快就能赚回来的。
                现在是12:30，天黑了。
                """;
        assertEquals("""
                1|2|二二|就是这么直播的呀。
                1|3|三三|姐姐，你又乱玩人家的手机啊。|(小声)
                1|4||门外传来脚步声
                1|5||夜深了。
                2|7|二二|好了！ 来三三给观众老爷们笑一个。|(笑)
                3|9|三三|只要咱们用心，很快就能赚回来的。
                3|10||现在是12:30，天黑了。
                """, render(read("a.txt", text).lines()));
    }

    @Test
    void customSceneRuleSplitsOnlyAtMatchingHeadings() {
        String text = "=== one\nA：hi\n\nB：hello\n=== two\nA：bye\n";
        ParsedScript script = ScriptReader.read("s.txt", "s.txt", text.getBytes(StandardCharsets.UTF_8),
                DEFAULTS.withSceneRule(SceneRule.headingsMatching("^===")));
        assertEquals("1|2|A|hi\n1|4|B|hello\n2|6|A|bye\n", render(script.lines()));
        assertThrows(ScriptFormatException.class, () -> SceneRule.headingsMatching("(unclosed"));
    }

    @Test
    void csvDialogueCellsBecomeScenesWithFileLineNumbers() {
        String text = "序号,对话\n2,\"二二：就是这么直播的呀\n三三：姐姐，你又乱玩\"\"人家\"\"的手机啊。\"\n"
                + "6,三三：喂，哔哩哔哩，好像连上了\n,\"二二：这火锅城到底在哪啊\n三三：姐姐车子已经没油了\"\n";
        ParsedScript script = read("三三.csv", text);
        assertEquals(ScriptFormat.CSV, script.format());
        assertEquals("""
                1|2|二二|就是这么直播的呀
                1|3|三三|姐姐，你又乱玩"人家"的手机啊。
                2|4|三三|喂，哔哩哔哩，好像连上了
                3|5|二二|这火锅城到底在哪啊
                3|6|三三|姐姐车子已经没油了
                """, render(script.lines()));
    }

    @Test
    void csvAndTsvWithSpeakerAndTextColumns() {
        String csv = "scene,who,line\n1,Alice,\"Hello, Bob\"\n1,Bob,Hi (waves)\n2,Alice,\"Bye\nfor now\"\n";
        ParsedScript chosen = ScriptReader.read("x.csv", "x.csv", csv.getBytes(StandardCharsets.UTF_8),
                DEFAULTS.withColumns("who", "3"));
        assertEquals("1|2|Alice|Hello, Bob\n1|3|Bob|Hi|(waves)\n2|4|Alice|Bye\nfor now\n", render(chosen.lines()));
        String tsv = "角色\t台词\n张三\t你好\n\n李四\t再见\n";
        assertEquals("1|2|张三|你好\n2|4|李四|再见\n", render(read("y.tsv", tsv).lines()));
        ScriptFormatException missing = assertThrows(ScriptFormatException.class, () -> ScriptReader.read("x.csv",
                "x.csv", csv.getBytes(StandardCharsets.UTF_8), DEFAULTS.withColumns("who", "speech")));
        assertTrue(missing.getMessage().contains("no column \"speech\""), missing.getMessage());
        ScriptFormatException unclosed = assertThrows(ScriptFormatException.class,
                () -> read("z.csv", "speaker,text\nA,\"open\nB,x\n"));
        assertTrue(unclosed.getMessage().contains("z.csv line 2"), unclosed.getMessage());
    }

    @Test
    void jsonLinesAndArrays() {
        String jsonl = "{\"role\":\"张三\",\"text\":\"你好\"}\n{\"speaker\":\"李四\",\"content\":\"（点头）好久不见\"}\n";
        assertEquals("1|1|张三|你好\n1|2|李四|好久不见|(点头)\n", render(read("d.jsonl", jsonl).lines()));
        String nested = "[\n [ {\"role\":\"A\",\"text\":\"one\"},\n   {\"role\":\"B\",\"text\":\"two\"} ],\n"
                + " [ {\"role\":\"A\",\"text\":\"three\"} ]\n]";
        assertEquals("1|2|A|one\n1|3|B|two\n2|4|A|three\n", render(read("d.json", nested).lines()));
        ScriptFormatException bad = assertThrows(ScriptFormatException.class,
                () -> read("e.json", "[{\"role\":\"A\"}]"));
        assertTrue(bad.getMessage().contains("e.json line 1"), bad.getMessage());
    }

    @Test
    void srtCuesWithoutSpeakersSplitOnLongPauses() {
        String srt = "1\n00:00:01,000 --> 00:00:02,000\n<i>你好啊</i>\n\n2\n00:00:02,500 --> 00:00:04,000\n"
                + "- 我很好\n\n3\n00:01:00,000 --> 00:01:02,000\n张三：下一场\n";
        ParsedScript script = read("m.srt", srt);
        assertEquals(ScriptFormat.SRT, script.format());
        assertEquals("1|3||你好啊\n1|7||我很好\n2|11|张三|下一场\n", render(script.lines()));
    }

    @Test
    void formatDetectedFromContentWhenExtensionSaysNothing() {
        assertEquals(ScriptFormat.JSON, ScriptFormat.detect("x", "  [{\"role\":\"a\"}]"));
        assertEquals(ScriptFormat.SRT, ScriptFormat.detect("x", "1\n00:00:01,000 --> 00:00:02,000\nhi\n"));
        assertEquals(ScriptFormat.TSV, ScriptFormat.detect("x", "speaker\ttext\nA\thi\n"));
        assertEquals(ScriptFormat.SCREENPLAY, ScriptFormat.detect("x", "A：你好\n"));
    }

    private static final String CHINESE = "第1场\n三三：姐姐，你又乱玩人家的手机啊。\n二二：好了！来三三给观众老爷们笑一个。\n";

    @Test
    void encodingsDetectedFromBomsAndContent() {
        assertEncoding("UTF-8", bytes(CHINESE, StandardCharsets.UTF_8));
        assertEncoding("UTF-8 (BOM)", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                bytes(CHINESE, StandardCharsets.UTF_8)));
        assertEncoding("UTF-16LE (BOM)", concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                bytes(CHINESE, StandardCharsets.UTF_16LE)));
        assertEncoding("UTF-16BE (BOM)", concat(new byte[] {(byte) 0xFE, (byte) 0xFF},
                bytes(CHINESE, StandardCharsets.UTF_16BE)));
        assertEncoding("GB18030", bytes(CHINESE, Charset.forName("GB18030")));
        assertEncoding("GB18030", bytes(CHINESE, Charset.forName("GBK")));
    }

    private static void assertEncoding(String expected, byte[] content) {
        ParsedScript script = ScriptReader.read("f.txt", "f.txt", content, DEFAULTS);
        assertEquals(expected, script.encoding());
        assertEquals("1|2|三三|姐姐，你又乱玩人家的手机啊。\n1|3|二二|好了！来三三给观众老爷们笑一个。\n",
                render(script.lines()));
    }

    @Test
    void badBytesAreReportedWithOffsetAndLineNeverImportedAsMojibake() {
        byte[] latin1 = "A：ok\nB：caf\u00e9 au lait\n".getBytes(StandardCharsets.ISO_8859_1);
        ScriptFormatException auto = assertThrows(ScriptFormatException.class,
                () -> ScriptReader.read("bad.txt", "bad.txt", latin1, DEFAULTS));
        assertTrue(auto.getMessage().contains("bad.txt") && auto.getMessage().contains("offset 10")
                && auto.getMessage().contains("line 2"), auto.getMessage());
        byte[] gbk = bytes(CHINESE, Charset.forName("GB18030"));
        ScriptFormatException forced = assertThrows(ScriptFormatException.class, () -> ScriptReader.read("g.txt",
                "g.txt", gbk, DEFAULTS.withEncoding(ScriptEncoding.UTF_8)));
        assertTrue(forced.getMessage().contains("not valid UTF-8"), forced.getMessage());
        byte[] utf16NoBom = bytes(CHINESE, StandardCharsets.UTF_16LE);
        assertThrows(ScriptFormatException.class, () -> ScriptReader.read("h.txt", "h.txt", utf16NoBom, DEFAULTS));
        ParsedScript chosen = ScriptReader.read("h.txt", "h.txt", utf16NoBom,
                DEFAULTS.withEncoding(ScriptEncoding.parse("utf-16le")));
        assertEquals(2, chosen.lines().size());
    }

    @Test
    void committedFixturesInEachEncodingReadTheSame() throws Exception {
        for (String name : List.of("gb18030.txt", "utf16le-bom.txt", "utf8-bom.csv")) {
            byte[] content;
            try (var in = getClass().getResourceAsStream("/script/" + name)) {
                content = in.readAllBytes();
            }
            ParsedScript script = ScriptReader.read(name, name, content, DEFAULTS);
            assertTrue(script.lines().stream().anyMatch(l -> l.speaker().equals("三三")
                    && l.text().equals("姐姐，你又乱玩人家的手机啊。")), name + " -> " + script.lines());
        }
    }

    private static byte[] bytes(String text, Charset charset) {
        return text.getBytes(charset);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void theModelsCharacterFileIsOneScenePerDialogueWithFileLineNumbers() {
        String text = "[\n  {\"role_name\": \"小灯\", \"role_info\": \"姓名：小灯\",\n   \"dialog\": [\n"
                + "     \"阿哲：灯油够吗？\",\n     \"小灯：够用到下个月。\"]},\n"
                + "  {\"role_name\": \"小灯\", \"dialog\": [\"船长:能靠岸吗\", \"小灯：可以\"], \"extra\": {\"a\": [1]}}\n]";
        ParsedScript script = read("小灯.json", text);
        assertEquals(ScriptFormat.INDEX_CHARACTER, script.format());
        assertEquals(List.of(new ScriptLine(1, 4, "阿哲", "灯油够吗？", ""), new ScriptLine(1, 5, "小灯", "够用到下个月。", ""),
                new ScriptLine(2, 6, "船长", "能靠岸吗", ""), new ScriptLine(2, 6, "小灯", "可以", "")), script.lines());
        assertEquals(ScriptFormat.JSON, read("lines.json", "[{\"role\": \"a\", \"text\": \"b\"}]").format());
        ScriptFormatException notAList = assertThrows(ScriptFormatException.class,
                () -> read("x.json", "[{\"role_name\": \"小灯\", \"dialog\": [\"小灯：好\", 3]}]"));
        assertTrue(notAList.getMessage().contains("x.json line 1: \"dialog\" of element 1 holds 3"), notAList.getMessage());
    }
}
