package app.characterstudio.workspace.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.chat.RetrievedDialogue;
import app.characterstudio.chat.Utterance;
import app.characterstudio.persona.Persona;
import app.characterstudio.script.ImportOptions;
import app.characterstudio.script.ImportProgress;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptExchangeRetrieverTest {
    @TempDir
    Path dir;

    /** A late-night radio script where 林知夏 answers a listener whose cat is lost. */
    static Path radioScript(Path dir) throws java.io.IOException {
        return app.characterstudio.RadioScript.write(dir);
    }

    @Test
    void retrievesTheCharactersExchangesPreparedAndTracedToTheirSource() throws Exception {
        Path script = radioScript(dir);
        try (Studio studio = Studio.open(Workspace.open(dir.resolve("ws")))) {
            studio.scripts().importFiles(List.of(script), ImportOptions.defaults(), ImportProgress.NONE);
            Persona persona = Persona.named("lin", "林知夏");
            ScriptExchangeRetriever retriever = new ScriptExchangeRetriever(studio.scripts());

            List<RetrievedDialogue> found = retriever.retrieve(persona, List.of(Utterance.user("我的猫走丢了怎么办")), 1000,
                    String::length);

            assertFalse(found.isEmpty());
            RetrievedDialogue best = found.get(0);
            assertEquals("听众：我养的猫走丢了，三天没回家。\n林知夏：别急，猫认得回家的路，你在门口放一件有你味道的衣服。",
                    best.text());
            assertEquals("radio.txt", best.source());
            assertEquals(4, best.firstLine());
            assertEquals(5, best.lastLine());
            assertTrue(best.score() > 0);

            assertTrue(retriever.retrieve(persona, List.of(Utterance.user("我的猫走丢了怎么办")), 10, String::length).isEmpty(),
                    "a budget smaller than the best block leaves nothing");
            assertTrue(retriever.retrieve(Persona.named("x", "无名"), List.of(Utterance.user("猫")), 1000, String::length).isEmpty());
        }
    }

    @Test
    void dialoguesWithShortCharacterLinesAreSkippedByThePersonasRuleWhenEnoughRemain() throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("小满：灯塔的灯今晚亮吗？");
        lines.add("林知夏：亮。");
        for (int i = 0; i < 25; i++) {
            lines.add("");
            lines.add("听众" + i + "：灯塔的灯今晚亮吗，第" + i + "次问了");
            lines.add("林知夏：会亮的，每天傍晚六点准时点亮，第" + i + "次这样回答你。");
        }
        Path script = dir.resolve("lighthouse.txt");
        Files.writeString(script, String.join("\n", lines), StandardCharsets.UTF_8);
        try (Studio studio = Studio.open(Workspace.open(dir.resolve("ws")))) {
            studio.scripts().importFiles(List.of(script), ImportOptions.defaults(), ImportProgress.NONE);
            ScriptExchangeRetriever retriever = new ScriptExchangeRetriever(studio.scripts());
            Persona persona = Persona.named("lin", "林知夏");
            List<Utterance> query = List.of(Utterance.user("灯塔的灯今晚亮吗？"));

            List<RetrievedDialogue> byDefault = retriever.retrieve(persona, query, 100_000, String::length);
            assertTrue(byDefault.stream().noneMatch(d -> d.text().endsWith("林知夏：亮。")), byDefault.toString());
            assertEquals(ScriptExchangeRetriever.CANDIDATES, byDefault.size());

            List<RetrievedDialogue> noLimit = retriever.retrieve(
                    persona.withPersonaText(persona.form(), "", 0), query, 100_000, String::length);
            assertEquals("小满：灯塔的灯今晚亮吗？\n林知夏：亮。", noLimit.get(0).text(), "the best match, once allowed");
        }
    }
}
