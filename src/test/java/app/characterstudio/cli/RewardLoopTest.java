package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.label.Label;
import app.characterstudio.label.LabelService;
import app.characterstudio.model.Fixtures;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.CandidateDraft;
import app.characterstudio.store.ConversationRepository;
import app.characterstudio.store.Database;
import app.characterstudio.store.RewardScoreRepository;
import app.characterstudio.store.Session;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop on the command line: turns labeled through the services, a DPO export, a fixture reward model (nothing
 * trained) scoring every stored reply, its agreement with the labels checked by hand, then filtered and RM-paired
 * exports checked against the rules.
 */
class RewardLoopTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] REPLIES = {{"好呀", "不要", "嗯嗯，我在"}, {"哈哈哈", "才不是", "你真好"},
        {"世界", "你好世界"}, {"我走了", "再见啦", "明天见"}, {"今天很开心", "一般般"}, {"吃了吗", "没吃呢", "吃过了"}};
    private static final int LABELED = 3;

    @TempDir
    Path workspace;
    private final Map<Long, Long> chosenOf = new HashMap<>();
    private final Map<Long, List<Long>> rejectedOf = new HashMap<>();
    private final List<List<Long>> unlabeled = new ArrayList<>();

    @BeforeEach
    void labelSomeTurns() throws Exception {
        Fixtures.copy(Fixtures.tinyRewardVhead(), Files.createDirectories(workspace.resolve("models")));
        try (Database database = Database.open(workspace.resolve("studio.db"))) {
            ConversationRepository conversations = new ConversationRepository(database);
            LabelService labels = new LabelService(database);
            Session session = conversations.createSession("sansan", "", "user");
            for (int i = 0; i < REPLIES.length; i++) {
                long turn = conversations.addTurn(session.id(), null, "你好" + i).id();
                List<CandidateDraft> drafts = new ArrayList<>();
                for (String text : REPLIES[i]) {
                    drafts.add(CandidateDraft.handWritten(text, "说明\nuser:你好" + i + "\n三三:", 6, null, null));
                }
                List<Candidate> replies = conversations.addCandidates(turn, "b" + i, drafts);
                List<Long> ids = replies.stream().map(Candidate::id).toList();
                if (i >= LABELED) {
                    unlabeled.add(ids);
                    continue;
                }
                Label label = Label.empty(turn).withChosen(ids.get(0));
                for (long rejected : ids.subList(1, ids.size())) {
                    label = label.withRejectionToggled(rejected);
                }
                labels.save(label);
                chosenOf.put(turn, ids.get(0));
                rejectedOf.put(turn, ids.subList(1, ids.size()));
            }
        }
    }

    private Map<Long, Double> storedScores() {
        try (Database database = Database.open(workspace.resolve("studio.db"))) {
            RewardScoreRepository scores = new RewardScoreRepository(database);
            return scores.scores(scores.findSet("tiny-reward-vhead").orElseThrow().id());
        }
    }

    @Test
    void labelExportScoreAgreeAndFilter() throws Exception {
        CliRunner runner = new CliRunner(workspace);
        CliRunner.Result dpo = runner.run("export", "--format", "index-dpo", "--split", "1", "--out",
                workspace.resolve("dpo").toString(), "--json");
        assertEquals(0, dpo.exitCode(), dpo.toString());
        assertEquals(5, JSON.readTree(dpo.out()).get("rows").asInt());

        CliRunner.Result unknown = runner.run("export", "--format", "index-dpo", "--rm", "tiny-reward-vhead",
                "--min-margin", "0", "--preview", "1");
        assertEquals(2, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("No reward model scores called 'tiny-reward-vhead'"), unknown.err());

        CliRunner.Result scored = runner.run("score", "--model", "tiny-reward-vhead", "--device", "cpu", "--batch", "4",
                "--json");
        assertEquals(0, scored.exitCode(), scored.toString());
        JsonNode report = JSON.readTree(scored.out());
        assertEquals(16, report.get("candidates").asInt());
        assertEquals(16, report.get("scored").asInt());
        assertTrue(scored.err().contains("scored 16 of 16"), scored.err());

        Map<Long, Double> scores = storedScores();
        int agreeing = 0;
        for (Map.Entry<Long, Long> turn : chosenOf.entrySet()) {
            for (long rejected : rejectedOf.get(turn.getKey())) {
                agreeing += scores.get(turn.getValue()) > scores.get(rejected) ? 1 : 0;
            }
        }
        JsonNode agreement = report.get("agreement");
        assertEquals(5, agreement.get("pairs").asInt());
        assertEquals(agreeing, agreement.get("agreeing").asInt());
        assertTrue(agreement.get("ci95_low").asDouble() <= agreeing / 5.0
                && agreeing / 5.0 <= agreement.get("ci95_high").asDouble(), agreement.toString());

        CliRunner.Result again = runner.run("score", "--model", "tiny-reward-vhead", "--device", "cpu", "--json");
        assertEquals(0, JSON.readTree(again.out()).get("scored").asInt(), again.toString());
        assertEquals(scores, storedScores(), "scoring again changes nothing");

        // --min-margin keeps exactly the labeled pairs whose chosen reply wins by the margin
        double margin = 0.05;
        int expectedPairs = 0;
        for (Map.Entry<Long, Long> turn : chosenOf.entrySet()) {
            for (long rejected : rejectedOf.get(turn.getKey())) {
                expectedPairs += scores.get(turn.getValue()) - scores.get(rejected) >= margin ? 1 : 0;
            }
        }
        // --pairs rm: the unlabeled turns' best over worst where the margin passes
        int expectedMachine = 0;
        for (List<Long> ids : unlabeled) {
            double best = ids.stream().mapToDouble(scores::get).max().orElseThrow();
            double worst = ids.stream().mapToDouble(scores::get).min().orElseThrow();
            expectedMachine += best - worst >= margin ? 1 : 0;
        }
        Path filteredDir = workspace.resolve("filtered");
        CliRunner.Result filtered = runner.run("export", "--format", "index-dpo", "--split", "1", "--rm",
                "tiny-reward-vhead", "--min-margin", String.valueOf(margin), "--pairs", "rm", "--out",
                filteredDir.toString(), "--json");
        assertEquals(0, filtered.exitCode(), filtered.toString());
        JsonNode summary = JSON.readTree(filtered.out());
        assertEquals(expectedPairs + expectedMachine, summary.get("rows").asInt(), filtered.out());
        assertEquals(expectedMachine, summary.get("pairs_from_reward_model").asInt(), filtered.out());
        List<String> lines = Files.readAllLines(filteredDir.resolve("train.jsonl"));
        int machineRows = 0;
        for (String line : lines) {
            JsonNode row = JSON.readTree(line);
            if (row.has("pair_source")) {
                machineRows++;
                assertEquals("reward_model", row.get("pair_source").asText());
                assertTrue(row.get("reward_model").asText().startsWith("tiny-reward-vhead@"), line);
            }
        }
        assertEquals(expectedMachine, machineRows);
        JsonNode manifest = JSON.readTree(filteredDir.resolve("manifest.json").toFile());
        assertEquals("tiny-reward-vhead", manifest.get("reward_model").get("name").asText());
        assertEquals(64, manifest.get("reward_model").get("weights_sha256").asText().length());
        assertEquals(margin, manifest.get("reward_model").get("min_margin").asDouble());
        assertEquals("rm", manifest.get("reward_model").get("pairs").asText());
        assertEquals(expectedMachine, manifest.get("counts").get("pairs_from_reward_model").asInt());

        // without --pairs rm no machine pair is ever mixed in
        CliRunner.Result human = runner.run("export", "--format", "index-dpo", "--rm", "tiny-reward-vhead",
                "--min-margin", String.valueOf(margin), "--preview", "1", "--json");
        assertEquals(expectedPairs, JSON.readTree(human.out()).get("rows").asInt(), human.toString());
        assertFalse(human.out().contains("pair_source"), human.out());

        // SFT: --min-score keeps only chosen replies scored high enough
        double minScore = chosenOf.values().stream().mapToDouble(scores::get).sorted().toArray()[1];
        CliRunner.Result sft = runner.run("export", "--format", "index-sft", "--rm", "tiny-reward-vhead",
                "--min-score", String.valueOf(minScore), "--preview", "1", "--json");
        assertEquals(0, sft.exitCode(), sft.toString());
        assertEquals(2, JSON.readTree(sft.out()).get("rows").asInt(), sft.out());

        CliRunner.Result noRm = runner.run("export", "--format", "index-dpo", "--min-score", "1", "--preview", "1");
        assertEquals(2, noRm.exitCode(), noRm.toString());
        assertTrue(noRm.err().contains("--rm"), noRm.err());
        CliRunner.Result sftPairs = runner.run("export", "--format", "index-sft", "--rm", "tiny-reward-vhead",
                "--pairs", "rm", "--preview", "1");
        assertEquals(2, sftPairs.exitCode(), sftPairs.toString());
        assertTrue(sftPairs.err().contains("not a preference format"), sftPairs.err());
    }
}
