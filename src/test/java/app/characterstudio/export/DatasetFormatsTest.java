package app.characterstudio.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.chat.PromptTemplate;
import app.characterstudio.persona.Persona;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every format's shape, field by field, on a two-turn record with two rejected replies. */
class DatasetFormatsTest {
    private static final String SYSTEM = "以下是林黛玉的人设：\n姓名：林黛玉\n性格：多愁善感";

    private final Persona persona = withPersonality(Persona.named("lin", "林黛玉"), "多愁善感");
    private final PromptContext context = new PromptContext(PromptTemplate.characterDefault(),
            id -> id.equals("lin") ? Optional.of(persona) : Optional.empty(), ExportOptions.SystemPart.PERSONA);
    private final ExportRecord record = new ExportRecord("lin", 7, 9, "宝玉",
            List.of(new ExportRecord.Exchange("妹妹好", "哥哥来了")), "今天去哪", "去园子里走走",
            List.of("不去", "随便"), List.of(), List.of("bland"), false,
            List.of("user0:在吗\n林黛玉:在"), 1, 2);

    private static Persona withPersonality(Persona p, String personality) {
        return Persona.builder(p.id(), p.name()).personality(personality).build();
    }

    private List<ObjectNode> rows(String format) {
        return DatasetFormats.byId(format).rows(record, context);
    }

    @Test
    void shareGptSftAlternatesHumanAndGptEndingWithTheChosenReply() {
        ObjectNode row = rows("sharegpt-sft").get(0);
        assertEquals(List.of("conversations", "system"), fields(row));
        assertTurns(row.get("conversations"), "from", "value",
                "human", "妹妹好", "gpt", "哥哥来了", "human", "今天去哪", "gpt", "去园子里走走");
        assertEquals(SYSTEM, row.get("system").asText());
    }

    @Test
    void shareGptPreferenceEndsWithAHumanTurnThenOnePairPerRejectedReply() {
        List<ObjectNode> rows = rows("sharegpt-dpo");
        assertEquals(2, rows.size());
        for (int i = 0; i < 2; i++) {
            ObjectNode row = rows.get(i);
            assertEquals(List.of("conversations", "chosen", "rejected", "system"), fields(row));
            assertTurns(row.get("conversations"), "from", "value", "human", "妹妹好", "gpt", "哥哥来了", "human", "今天去哪");
            assertEquals("{\"from\":\"gpt\",\"value\":\"去园子里走走\"}", row.get("chosen").toString());
            assertEquals(List.of("不去", "随便").get(i), row.get("rejected").get("value").asText());
            assertEquals("gpt", row.get("rejected").get("from").asText());
            assertEquals(SYSTEM, row.get("system").asText());
        }
    }

    @Test
    void alpacaSftPutsTheFinalTurnInInstructionAndEarlierOnesInHistory() {
        ObjectNode row = rows("alpaca-sft").get(0);
        assertEquals(List.of("instruction", "output", "system", "history"), fields(row));
        assertEquals("今天去哪", row.get("instruction").asText());
        assertEquals("去园子里走走", row.get("output").asText());
        assertEquals(SYSTEM, row.get("system").asText());
        assertEquals("[[\"妹妹好\",\"哥哥来了\"]]", row.get("history").toString());
    }

    @Test
    void alpacaPreferenceHasInstructionChosenRejected() {
        List<ObjectNode> rows = rows("alpaca-dpo");
        assertEquals(2, rows.size());
        ObjectNode row = rows.get(1);
        assertEquals(List.of("instruction", "chosen", "rejected", "system", "history"), fields(row));
        assertEquals("今天去哪", row.get("instruction").asText());
        assertEquals("去园子里走走", row.get("chosen").asText());
        assertEquals("随便", row.get("rejected").asText());
    }

    @Test
    void trlSftIsSystemThenUserAssistantPairs() {
        ObjectNode row = rows("trl-sft").get(0);
        assertEquals(List.of("messages"), fields(row));
        assertTurns(row.get("messages"), "role", "content", "system", SYSTEM, "user", "妹妹好", "assistant", "哥哥来了",
                "user", "今天去哪", "assistant", "去园子里走走");
    }

    @Test
    void trlPreferenceHasAnExplicitPromptEndingWithTheUser() {
        ObjectNode row = rows("trl-dpo").get(0);
        assertEquals(List.of("prompt", "chosen", "rejected"), fields(row));
        assertTurns(row.get("prompt"), "role", "content", "system", SYSTEM, "user", "妹妹好", "assistant", "哥哥来了",
                "user", "今天去哪");
        assertTurns(row.get("chosen"), "role", "content", "assistant", "去园子里走走");
        assertTurns(row.get("rejected"), "role", "content", "assistant", "不去");
    }

    @Test
    void openAiSftWeighsOnlyTheLabeledReplyInAMultiTurnRecord() {
        ObjectNode row = rows("openai-sft").get(0);
        assertEquals(List.of("messages"), fields(row));
        JsonNode messages = row.get("messages");
        assertTurns(messages, "role", "content", "system", SYSTEM, "user", "妹妹好", "assistant", "哥哥来了",
                "user", "今天去哪", "assistant", "去园子里走走");
        assertEquals(0, messages.get(2).get("weight").asInt());
        assertEquals(1, messages.get(4).get("weight").asInt());
        assertFalse(messages.get(1).has("weight"), "only assistant messages carry a weight");

        ExportRecord single = new ExportRecord("lin", 1, 1, "u", List.of(), "q", "a", List.of(), List.of(),
                List.of(), false, List.of(), 0, 0);
        ObjectNode plain = DatasetFormats.byId("openai-sft").rows(single, context).get(0);
        assertFalse(plain.get("messages").get(2).has("weight"), "a single turn needs no weights");
    }

    @Test
    void openAiPreferenceHasInputMessagesAndPreferredOutputs() {
        ObjectNode row = rows("openai-dpo").get(0);
        assertEquals(List.of("input", "preferred_output", "non_preferred_output"), fields(row));
        assertEquals(List.of("messages"), fields(row.get("input")));
        assertTurns(row.get("input").get("messages"), "role", "content", "system", SYSTEM, "user", "妹妹好",
                "assistant", "哥哥来了", "user", "今天去哪");
        assertTurns(row.get("preferred_output"), "role", "content", "assistant", "去园子里走走");
        assertTurns(row.get("non_preferred_output"), "role", "content", "assistant", "不去");
    }

    @Test
    void ktoGivesATrueRowForTheChosenAndAFalseRowPerRejected() {
        List<ObjectNode> rows = rows("kto");
        assertEquals(3, rows.size());
        assertEquals(List.of("prompt", "completion", "label"), fields(rows.get(0)));
        assertTurns(rows.get(0).get("prompt"), "role", "content", "system", SYSTEM, "user", "妹妹好",
                "assistant", "哥哥来了", "user", "今天去哪");
        assertTurns(rows.get(0).get("completion"), "role", "content", "assistant", "去园子里走走");
        assertTrue(rows.get(0).get("label").asBoolean());
        assertTurns(rows.get(2).get("completion"), "role", "content", "assistant", "随便");
        assertFalse(rows.get(2).get("label").asBoolean());
        assertTrue(rows.get(0).get("label").isBoolean());
    }

    @Test
    void indexFormatsRenderThePromptExactlyAsTheTemplateDoes() {
        String expected = PromptTemplate.characterDefault().render(new PromptTemplate.PromptParts("林黛玉", "宝玉",
                "姓名：林黛玉\n性格：多愁善感", List.of(), List.of("宝玉:妹妹好", "林黛玉:哥哥来了", "宝玉:今天去哪")));
        ObjectNode sft = rows("index-sft").get(0);
        assertEquals(List.of("prompt", "completion"), fields(sft));
        assertEquals(expected, sft.get("prompt").asText());
        assertTrue(sft.get("prompt").asText().endsWith("宝玉:今天去哪\n林黛玉:"));
        assertEquals("去园子里走走", sft.get("completion").asText());
        ObjectNode dpo = rows("index-dpo").get(1);
        assertEquals(List.of("prompt", "chosen", "rejected"), fields(dpo));
        assertEquals(expected, dpo.get("prompt").asText());
        assertEquals("随便", dpo.get("rejected").asText());
    }

    @Test
    void withRetrievalTheSystemIsTheTemplatesInstructionPartWithTheRetrievedExchanges() {
        PromptContext retrieval = new PromptContext(PromptTemplate.characterDefault(),
                id -> Optional.of(persona), ExportOptions.SystemPart.TEMPLATE);
        String system = retrieval.system(record);
        assertTrue(system.startsWith("请你扮演“林黛玉”与用户“宝玉”进行对话。"), system);
        assertTrue(system.contains("以下是一些林黛玉的对话：\nuser0:在吗\n林黛玉:在\n\n以下是林黛玉的人设：\n姓名：林黛玉"), system);
        assertTrue(system.endsWith("结果只用返回一轮林黛玉的回复。"), system);
        String prompt = DatasetFormats.byId("index-sft").rows(record, retrieval).get(0).get("prompt").asText();
        assertTrue(prompt.startsWith(system + "\n宝玉:妹妹好"), "the prompt is the system part then the dialog");
    }

    @Test
    void aCharacterWithoutPersonaStillGetsANonEmptySystem() {
        ExportRecord unknown = new ExportRecord("ghost", 1, 1, "u", List.of(), "q", "a", List.of(), List.of(),
                List.of(), false, List.of(), 0, 0);
        String system = context.system(unknown);
        assertTrue(system.startsWith("请你扮演“ghost”与用户“u”进行对话。"), system);
    }

    @Test
    void recordsWithoutWhatAFormatNeedsGiveNoRow() {
        ExportRecord noPair = new ExportRecord("lin", 1, 1, "u", List.of(), "q", "a", List.of(), List.of(),
                List.of(), false, List.of(), 0, 0);
        ExportRecord onlyRejected = new ExportRecord("lin", 1, 1, "u", List.of(), "q", null, List.of("bad"),
                List.of(), List.of(), false, List.of(), 0, 0);
        for (DatasetFormat format : DatasetFormats.all()) {
            switch (format.kind()) {
                case PREFERENCE -> assertTrue(format.rows(noPair, context).isEmpty(), format.id());
                case SFT -> assertTrue(format.rows(onlyRejected, context).isEmpty(), format.id());
                case UNPAIRED -> assertEquals(1, format.rows(onlyRejected, context).size(), format.id());
            }
        }
    }

    @Test
    void noFormatWritesAnEmptyValue() {
        for (DatasetFormat format : DatasetFormats.all()) {
            List<ObjectNode> rows = format.rows(record, context);
            assertFalse(rows.isEmpty(), format.id());
            rows.forEach(row -> assertNoEmptyValue(format.id(), row));
        }
    }

    @Test
    void llamaFactoryFormatsDescribeEachFileInDatasetInfo() throws Exception {
        ObjectNode info = DatasetFormats.byId("sharegpt-dpo").datasetInfo(
                new java.util.LinkedHashMap<>(Map.of("train", "train.json"))).orElseThrow();
        JsonNode expected = new ObjectMapper().readTree("""
                {"character_studio_sharegpt_dpo_train":{"file_name":"train.json","formatting":"sharegpt","ranking":true,
                 "columns":{"messages":"conversations","chosen":"chosen","rejected":"rejected","system":"system"},
                 "tags":{"role_tag":"from","content_tag":"value","user_tag":"human","assistant_tag":"gpt","system_tag":"system"}}}""");
        assertEquals(expected, info);
        JsonNode sft = DatasetFormats.byId("sharegpt-sft").datasetInfoEntry("validation.json").orElseThrow();
        assertFalse(sft.has("ranking"), "ranking only for preference");
        assertEquals("{\"messages\":\"conversations\",\"system\":\"system\"}", sft.get("columns").toString());
        JsonNode alpaca = DatasetFormats.byId("alpaca-dpo").datasetInfoEntry("train.json").orElseThrow();
        assertTrue(alpaca.get("ranking").asBoolean());
        assertEquals("{\"prompt\":\"instruction\",\"chosen\":\"chosen\",\"rejected\":\"rejected\",\"system\":\"system\","
                + "\"history\":\"history\"}", alpaca.get("columns").toString());
        assertEquals("{\"prompt\":\"instruction\",\"response\":\"output\",\"system\":\"system\",\"history\":\"history\"}",
                DatasetFormats.byId("alpaca-sft").datasetInfoEntry("t.json").orElseThrow().get("columns").toString());
        for (String id : List.of("trl-sft", "trl-dpo", "openai-sft", "openai-dpo", "kto", "index-sft", "index-dpo")) {
            assertTrue(DatasetFormats.byId(id).datasetInfo(Map.of("train", "train.jsonl")).isEmpty(), id);
        }
    }

    @Test
    void unknownFormatListsTheKnownOnes() {
        ExportException error = assertThrows(ExportException.class, () -> DatasetFormats.byId("csv"));
        assertTrue(error.getMessage().contains("sharegpt-sft"), error.getMessage());
        assertEquals(11, DatasetFormats.ids().size());
    }

    static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** {@code expected} is tag, text, tag, text, ...; checks order and that nothing else is there. */
    static void assertTurns(JsonNode turns, String tagKey, String textKey, String... expected) {
        assertEquals(expected.length / 2, turns.size(), turns.toString());
        for (int i = 0; i < turns.size(); i++) {
            assertEquals(expected[2 * i], turns.get(i).get(tagKey).asText(), "tag of turn " + i + " in " + turns);
            assertEquals(expected[2 * i + 1], turns.get(i).get(textKey).asText(), "text of turn " + i);
        }
    }

    static void assertNoEmptyValue(String where, JsonNode node) {
        if (node.isTextual()) {
            assertFalse(node.asText().isBlank(), "empty value in " + where);
        } else if (node.isNull()) {
            throw new AssertionError("null value in " + where);
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            assertNoEmptyValue(where + "." + field.getKey(), field.getValue());
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                assertNoEmptyValue(where + "[]", element);
            }
        }
    }
}
