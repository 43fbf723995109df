package app.characterstudio.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.label.Label;
import app.characterstudio.label.LabelService;
import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An edit chosen over its original is a pair only deliberately: an export option, a per-turn undo, a count. */
class EditPairsExportTest {
    @TempDir
    Path dir;

    private Database database;
    private ExportService service;
    private LabelService labels;
    private long turn;
    private long original;
    private long edit;

    @BeforeEach
    void open() {
        database = Database.inMemory();
        LabelFixture fixture = new LabelFixture(database);
        PersonaRepository personas = new PersonaRepository(dir.resolve("characters"));
        personas.save(Persona.named("lin", "林黛玉"));
        service = new ExportService(database, personas, dir.resolve("exports"), Clock.systemUTC());
        labels = new LabelService(database);
        long session = fixture.session("lin", "小明");
        turn = fixture.turn(session, null, "今天去哪");
        original = fixture.candidate(turn, "不知道");
        long other = fixture.candidate(turn, "随便");
        edit = fixture.edit(turn, original, "去园子里走走吧");
        labels.save(Label.empty(turn).withChosen(edit).withRejectionToggled(other));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private ExportPlan plan(ExportOptions options) {
        return service.plan(DatasetFormats.byId("trl-dpo"), options.withSplit(1.0, 1), ExportListener.NONE);
    }

    private static List<String> rejected(ExportPlan plan) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new java.util.ArrayList<>();
        for (ExportPlan.Row row : plan.train()) {
            JsonNode node = json.readTree(row.text());
            texts.add(node.get("rejected").get(0).get("content").asText());
        }
        return texts;
    }

    @Test
    void byDefaultTheChosenEditIsPairedWithItsOriginalAndThePairIsCounted() throws Exception {
        ExportPlan plan = plan(ExportOptions.defaults());
        assertEquals(List.of("随便", "不知道"), rejected(plan));
        assertEquals(1, plan.counts().editPairs());
        assertEquals("Edits as pairs: on, 1 pair (edit chosen, original rejected)", ExportPlan.editPairsText(plan));
    }

    @Test
    void theOptionOffLeavesTheOriginalOut() throws Exception {
        ExportPlan plan = plan(ExportOptions.defaults().withEditPairs(false));
        assertEquals(List.of("随便"), rejected(plan));
        assertEquals(0, plan.counts().editPairs());
        assertTrue(ExportPlan.editPairsText(plan).startsWith("Edits as pairs: off"));
    }

    @Test
    void anUndoneEditRejectionIsStoredAndHonoured() throws Exception {
        labels.save(labels.find(turn).orElseThrow().withEditOriginsKept(true));
        assertTrue(labels.find(turn).orElseThrow().editOriginsKept());
        ExportPlan plan = plan(ExportOptions.defaults());
        assertEquals(List.of("随便"), rejected(plan));
        assertEquals(0, plan.counts().editPairs());
    }

    @Test
    void anExplicitRejectionOfTheOriginalIsNotCountedAsAnEditPair() throws Exception {
        Label label = labels.find(turn).orElseThrow();
        labels.save(label.withRejectionToggled(original).withEditOriginsKept(true));
        ExportPlan plan = plan(ExportOptions.defaults());
        assertEquals(Set.of("随便", "不知道"), Set.copyOf(rejected(plan)), "rejected by the creator, so still a pair");
        assertEquals(0, plan.counts().editPairs());
    }

    @Test
    void withoutAnyOtherRejectionTheEditPairIsTheOnlyRowAndOffMeansNothingToExport() {
        labels.save(Label.empty(turn).withChosen(edit));
        assertEquals(1, plan(ExportOptions.defaults()).rowCount());
        assertThrows(NothingToExportException.class, () -> plan(ExportOptions.defaults().withEditPairs(false)));
    }
}
