package app.characterstudio.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.chat.PromptTemplate;
import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system part defaults to the prompt stored with the reply, retrieval included; the other choices stay. */
class StoredPromptExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RETRIEVED = "小明:在吗\n林黛玉:在呢，你说";

    @TempDir
    Path dir;

    private Database database;
    private LabelFixture fixture;
    private ExportService service;
    /** The prompt the second turn's reply was generated from: its first exchange was dropped for the budget. */
    private String storedPrompt;

    @BeforeEach
    void open() {
        database = Database.inMemory();
        fixture = new LabelFixture(database);
        PersonaRepository personas = new PersonaRepository(dir.resolve("characters"));
        personas.save(Persona.named("lin", "林黛玉"));
        service = new ExportService(database, personas, dir.resolve("exports"), Clock.systemUTC());

        long session = fixture.session("lin", "小明");
        long first = fixture.turn(session, null, "你好");
        long hello = fixture.candidate(first, "你好呀");
        fixture.label(first).chosen(hello).save();
        long second = fixture.turn(session, hello, "今天去哪");
        storedPrompt = PromptTemplate.characterDefault().render(new PromptTemplate.PromptParts("林黛玉", "小明",
                "姓名：林黛玉", List.of(RETRIEVED), List.of("小明:今天去哪")));
        long model = fixture.prompted(second, "去园子里走走", storedPrompt);
        long edit = fixture.edit(second, model, "去园子里走走吧");
        fixture.label(second).chosen(edit).save();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private JsonNode row(String format, ExportOptions options, int index) throws Exception {
        ExportPlan plan = service.plan(DatasetFormats.byId(format), options.withSplit(1.0, 1), ExportListener.NONE);
        return JSON.readTree(plan.train().get(index).text());
    }

    @Test
    void byDefaultTheIndexPromptIsTheStoredPromptExactlyWithItsRetrievedExchanges() throws Exception {
        JsonNode row = row("index-sft", ExportOptions.defaults(), 1);
        assertEquals(storedPrompt, row.get("prompt").asText());
        assertTrue(row.get("prompt").asText().contains("以下是一些林黛玉的对话：\n" + RETRIEVED),
                "the retrieved exchanges the reply saw are in the prompt");
        assertEquals("去园子里走走吧", row.get("completion").asText(), "the chosen edit, with its origin's prompt");
    }

    @Test
    void byDefaultTheSystemPartIsTheStoredPromptBeforeItsConversation() throws Exception {
        JsonNode row = row("sharegpt-sft", ExportOptions.defaults(), 1);
        String system = row.get("system").asText();
        assertEquals(storedPrompt.substring(0, storedPrompt.indexOf("小明:今天去哪")).strip(), system);
        assertTrue(system.contains(RETRIEVED) && system.endsWith("结果只用返回一轮林黛玉的回复。"), system);
        assertEquals(4, row.get("conversations").size(), "the whole history still follows the system part");
    }

    @Test
    void aReplyWithoutAStoredPromptIsRebuiltFromTheTemplateAndCounted() {
        ExportPlan plan = service.plan(DatasetFormats.byId("index-sft"), ExportOptions.defaults().withSplit(1.0, 1),
                ExportListener.NONE);
        assertEquals(1, plan.counts().rebuiltPrompts(), "the first turn's reply has no stored prompt");
        assertTrue(plan.train().get(0).text().contains("以下是林黛玉的人设"), plan.train().get(0).text());
    }

    @Test
    void personaOnlyAndTemplateStayAsChoices() throws Exception {
        String persona = row("sharegpt-sft", ExportOptions.defaults().withSystemPart(ExportOptions.SystemPart.PERSONA), 1)
                .get("system").asText();
        assertEquals("以下是林黛玉的人设：\n姓名：林黛玉", persona);
        JsonNode template = row("index-sft", ExportOptions.defaults().withSystemPart(ExportOptions.SystemPart.TEMPLATE), 1);
        assertTrue(template.get("prompt").asText().endsWith("小明:你好\n林黛玉:你好呀\n小明:今天去哪\n林黛玉:"),
                "rebuilt with the whole history: " + template.get("prompt").asText());
        assertFalse(template.get("prompt").asText().equals(storedPrompt));
        ExportPlan persona0 = service.plan(DatasetFormats.byId("index-sft"),
                ExportOptions.defaults().withSystemPart(ExportOptions.SystemPart.PERSONA), ExportListener.NONE);
        assertEquals(0, persona0.counts().rebuiltPrompts(), "only the stored choice rebuilds anything");
    }
}
