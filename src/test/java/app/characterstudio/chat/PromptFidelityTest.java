package app.characterstudio.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.export.DatasetFormats;
import app.characterstudio.export.ExportListener;
import app.characterstudio.export.ExportOptions;
import app.characterstudio.export.ExportResult;
import app.characterstudio.label.Label;
import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaForm;
import app.characterstudio.persona.PersonaRenderer;
import app.characterstudio.script.CharacterFolderImport;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.Session;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import app.characterstudio.workspace.adapters.ScriptExchangeRetriever;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio's prompt against the Index-1.9B role-play pipeline's own, on a character written in the
 * shapes of the model repository's example (src/test/resources/index-character/, made by
 * src/test/fixtures/make_index_character_sample.py with the pipeline's CreateTestDataset).
 */
class PromptFidelityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FOLDER = "/index-character/";

    @TempDir
    Path dir;

    private static JsonNode sample() throws IOException {
        try (InputStream in = PromptFidelityTest.class.getResourceAsStream(FOLDER + "xiaodeng_test.json")) {
            return JSON.readTree(in).get(0);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** The character folder as a user has it: the JSON and the CSV beside it. */
    private Path characterFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("小灯"));
        for (String name : List.of("xiaodeng.json", "xiaodeng.csv")) {
            try (InputStream in = PromptFidelityTest.class.getResourceAsStream(FOLDER + name)) {
                Files.copy(in, folder.resolve(name));
            }
        }
        return folder.resolve("xiaodeng.json");
    }

    @Test
    void theTemplateGivenTheSamplesOwnDialoguesMakesThePipelinesInputTextByteForByte() throws Exception {
        JsonNode sample = sample();
        List<String> dialogues = Arrays.stream(sample.get("simi_dialogs").asText()
                .split(java.util.regex.Pattern.quote(PromptTemplate.DIALOGUE_SEPARATOR))).toList();
        String prompt = PromptTemplate.characterDefault().render(new PromptTemplate.PromptParts(
                sample.get("role_name").asText(), sample.get("user_name").asText(), sample.get("role_info").asText(),
                dialogues, strings(sample.get("dialog"))));
        assertEquals(sample.get("input_text").asText(), prompt);
        assertArrayEquals(sample.get("input_text").asText().getBytes(StandardCharsets.UTF_8),
                prompt.getBytes(StandardCharsets.UTF_8));
        assertEquals(6, dialogues.size(), "the retrieved repeat was given once by the pipeline");
    }

    private static void assertArrayEquals(byte[] expected, byte[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }

    @Test
    void theFolderImportsInOneStepAsAFreeTextPersonaWithItsDialogues() throws Exception {
        JsonNode sample = sample();
        Path json = characterFolder();
        try (Studio studio = Studio.open(Workspace.open(dir.resolve("ws")))) {
            CharacterFolderImport.Result result = studio.characterImport().importFile(json);

            assertEquals(1, result.personas().size());
            Persona persona = studio.personas().get(result.personas().get(0).id());
            assertEquals("小灯", persona.name());
            assertEquals(PersonaForm.TEXT, persona.form());
            assertEquals(sample.get("role_info").asText(), persona.personaText());
            assertEquals("以下是小灯的人设：\n" + sample.get("role_info").asText() + "\n", PersonaRenderer.roleInfo(persona));
            assertEquals(1, result.scripts().size());
            assertEquals("xiaodeng.json", result.scripts().get(0).source());
            assertEquals(12, result.scripts().get(0).scenes());
            assertEquals(29, result.scripts().get(0).lines());
            assertEquals(List.of("xiaodeng.csv holds the same dialogues as xiaodeng.json: imported once, from xiaodeng.json."),
                    result.notes());
            assertTrue(studio.scripts().speakers(List.of(persona)).stream()
                    .anyMatch(s -> s.speaker().equals("小灯") && s.lines() == 14));
        }
    }

    @Test
    void aCsvBesideWithOtherDialoguesIsImportedAsASecondSource() throws Exception {
        Path json = characterFolder();
        Files.writeString(json.resolveSibling("xiaodeng.csv"), "序号,对话\n2,\"阿哲：灯油够吗？\n小灯：够用到下个月，我昨天刚清点过仓库。\"\n",
                StandardCharsets.UTF_8);
        try (Studio studio = Studio.open(Workspace.open(dir.resolve("ws")))) {
            CharacterFolderImport.Result result = studio.characterImport().importFile(json);
            assertEquals(List.of("xiaodeng.json", "xiaodeng.csv"), result.scripts().stream().map(r -> r.source()).toList());
            assertEquals(List.of(), result.notes());
            assertEquals(2, studio.scripts().sources().size());
        }
    }

    @Test
    void throughTheChatServiceWithRetrievalTheHeadPersonaAndDialogueAreThePipelinesWithNamesKept() throws Exception {
        JsonNode sample = sample();
        String expected = sample.get("input_text").asText();
        Path json = characterFolder();
        try (Studio studio = Studio.open(Workspace.open(dir.resolve("ws")))) {
            String id = studio.characterImport().importFile(json).personas().get(0).id();
            ScriptedReplyGenerator generator = new ScriptedReplyGenerator();
            studio.useChatPorts(new ChatPorts(generator, ChatFixtures.ONE_TOKEN_PER_CHARACTER,
                    new ScriptExchangeRetriever(studio.scripts())));
            ChatService chat = studio.chat();
            Session session = chat.startSession(id, sample.get("user_name").asText());
            String question = strings(sample.get("dialog")).get(0).strip().substring("user:".length());
            GenerationResult result = chat.send(session.id(), null, question, 2, SamplingSettings.defaults(),
                    ReplyGenerator.ReplyStream.IGNORE, () -> false);
            String prompt = generator.prompts().get(0);

            String head = expected.substring(0, expected.indexOf("以下是一些小灯的对话：\n") + "以下是一些小灯的对话：\n".length());
            assertTrue(prompt.startsWith(head), prompt);
            String personaBlock = expected.substring(expected.indexOf("\n\n以下是小灯的人设："),
                    expected.indexOf("结果只用返回一轮小灯的回复。\n") + "结果只用返回一轮小灯的回复。\n".length());
            assertTrue(prompt.contains(personaBlock), prompt);
            assertTrue(prompt.endsWith(personaBlock + "user:你是谁\n小灯:"), prompt);

            String retrieved = prompt.substring(head.length(), prompt.indexOf(personaBlock));
            assertTrue(retrieved.startsWith("观众：你是谁呀？\n小灯：我是灯塔上的小灯，负责在夜里给过往的船只照亮航线。"), retrieved);
            assertFalse(retrieved.contains("user0"), retrieved);
            assertEquals(retrieved.indexOf("观众：你是谁呀？"), retrieved.lastIndexOf("观众：你是谁呀？"),
                    "the repeated dialogue is given once");
            for (String block : retrieved.split(java.util.regex.Pattern.quote(PromptTemplate.DIALOGUE_SEPARATOR))) {
                assertTrue(block.lines().reduce((a, b) -> b).orElseThrow().startsWith("小灯："), "ends on the character: " + block);
                assertTrue(block.lines().allMatch(line -> line.matches("(观众|阿哲|船长|小灯)：.+")), block);
            }
            assertTrue(chat.exchangesOf(result.candidates().get(0)).stream().allMatch(e -> e.source().equals("xiaodeng.json")));

            // Export: the model's own layout, built from these replies, keeps the names.
            Candidate chosen = result.candidates().get(0);
            Candidate rejected = result.candidates().get(1);
            studio.labels().save(Label.empty(result.turn().id()).withChosen(chosen.id())
                    .withRejectionToggled(rejected.id()));
            ExportResult exported = studio.exports().export(DatasetFormats.byId("index-dpo"),
                    ExportOptions.defaults().withSplit(1.0, 1), null, ExportListener.NONE);
            String rows = Files.readString(exported.folder().resolve("train.jsonl"), StandardCharsets.UTF_8);
            JsonNode row = JSON.readTree(rows.lines().findFirst().orElseThrow());
            assertEquals(prompt, row.get("prompt").asText(), "the exported prompt is the one the reply answered");
            assertTrue(row.get("prompt").asText().contains("观众：你是谁呀？\n小灯："));
            assertFalse(rows.contains("user0"));
            assertEquals(chosen.text(), row.get("chosen").asText());
        }
    }
}
