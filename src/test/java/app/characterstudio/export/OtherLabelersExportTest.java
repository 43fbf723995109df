package app.characterstudio.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export can use other labelers' merged labels: one labeler's, or all labelers' with turns they disagree on
 * skipped (or the newest label taken), and says so in the counts and the manifest.
 */
class OtherLabelersExportTest {
    @TempDir
    Path dir;

    private Database database;
    private ExportService service;
    private final long[] turn = new long[3];
    private final long[][] reply = new long[3][2];

    @BeforeEach
    void open() {
        database = Database.inMemory();
        LabelFixture fixture = new LabelFixture(database);
        long session = fixture.session("lin", "宝玉");
        for (int i = 0; i < 3; i++) {
            turn[i] = fixture.turn(session, null, "问题" + i);
            reply[i][0] = fixture.candidate(turn[i], "回答" + i + "甲");
            reply[i][1] = fixture.candidate(turn[i], "回答" + i + "乙");
        }
        new app.characterstudio.label.LabelService(database).setLabeler("alice");
        // alice (this workspace): turns 0 and 1, reply 甲 over 乙
        fixture.label(turn[0]).chosen(reply[0][0]).rejected(reply[0][1]).save();
        fixture.label(turn[1]).chosen(reply[1][0]).rejected(reply[1][1]).save();
        // bob (merged from his bundle): agrees on turn 0, the other way round on turn 1, alone on turn 2
        merged(turn[0], "bob", reply[0][0], reply[0][1], LabelFixture.START + 10);
        merged(turn[1], "bob", reply[1][1], reply[1][0], LabelFixture.START + 20);
        merged(turn[2], "bob", reply[2][1], reply[2][0], LabelFixture.START + 30);
        PersonaRepository personas = new PersonaRepository(dir.resolve("characters"));
        personas.save(Persona.named("lin", "林黛玉"));
        service = new ExportService(database, personas, dir.resolve("exports"),
                Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void merged(long turnId, String labeler, long chosen, long rejected, long at) {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO merged_labels (turn_id, labeler, "
                    + "chosen_candidate_id, rejected, labeled_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setLong(1, turnId);
                insert.setString(2, labeler);
                insert.setLong(3, chosen);
                insert.setString(4, Long.toString(rejected));
                insert.setLong(5, at);
                insert.executeUpdate();
            }
            return null;
        });
    }

    private ExportPlan plan(LabelSource labels) {
        return service.plan(DatasetFormats.byId("trl-dpo"), ExportOptions.defaults().withSplit(1.0, 42).withLabels(labels),
                ExportListener.NONE);
    }

    private static List<String> pairs(ExportPlan plan) {
        return plan.train().stream().map(r -> r.record().chosen() + ">" + r.record().rejected().get(0)).toList();
    }

    @Test
    void ownLabelsByDefaultOneLabelersOrAllWithDisagreementsSkipped() {
        assertEquals(List.of("回答0甲>回答0乙", "回答1甲>回答1乙"), pairs(plan(LabelSource.MINE)));
        assertEquals(List.of("回答0甲>回答0乙", "回答1甲>回答1乙"), pairs(plan(LabelSource.of("alice", null))),
                "the workspace's labeler by name is its own labels");

        assertEquals(List.of("回答0甲>回答0乙", "回答1乙>回答1甲", "回答2乙>回答2甲"),
                pairs(plan(LabelSource.of("bob", null))));

        ExportPlan all = plan(LabelSource.of("all", LabelSource.Conflicts.SKIP));
        assertEquals(List.of("回答0甲>回答0乙", "回答2乙>回答2甲"), pairs(all), "turn 1 is left out: they disagree");
        assertEquals(Map.of(LabelSource.DISAGREE, 1), all.counts().removed());
        assertEquals(3, all.counts().labeledTurns());

        ExportPlan latest = plan(LabelSource.of("ALL", LabelSource.Conflicts.LATEST));
        assertEquals(List.of("回答0甲>回答0乙", "回答1乙>回答1甲", "回答2乙>回答2甲"), pairs(latest),
                "bob's label of turn 1 is newer than alice's");

        NothingToExportException none = assertThrows(NothingToExportException.class,
                () -> plan(LabelSource.of("carol", null)));
        assertEquals(true, none.getMessage().contains("labeler carol labeled no turn here"), none.getMessage());
        assertEquals(List.of("alice", "bob"), service.labelers());
    }

    @Test
    void theManifestSaysWhoseLabelsAndHowManyTurnsWereSkipped() throws Exception {
        ExportResult result = service.export(DatasetFormats.byId("trl-dpo"), ExportOptions.defaults().withSplit(1.0, 42)
                .withLabels(LabelSource.of("all", null)), dir.resolve("out"), ExportListener.NONE);
        JsonNode manifest = new ObjectMapper().readTree(result.folder().resolve("manifest.json").toFile());
        assertEquals("all", manifest.get("options").get("labeler").asText());
        assertEquals("skip", manifest.get("options").get("conflicts").asText());
        assertEquals(1, manifest.get("counts").get("removed").get(LabelSource.DISAGREE).asInt());
        assertEquals(2, manifest.get("counts").get("records").asInt());
        assertThrows(ExportException.class, () -> LabelSource.Conflicts.parse("vote"));
    }
}
