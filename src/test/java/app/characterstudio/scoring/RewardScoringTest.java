package app.characterstudio.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.export.DatasetFormats;
import app.characterstudio.export.ExportListener;
import app.characterstudio.export.ExportOptions;
import app.characterstudio.export.ExportPlan;
import app.characterstudio.export.ExportService;
import app.characterstudio.export.RewardLayout;
import app.characterstudio.label.Label;
import app.characterstudio.label.LabelService;
import app.characterstudio.label.ReasonTag;
import app.characterstudio.model.Fixtures;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.reward.RewardInput;
import app.characterstudio.reward.RewardModel;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.CandidateDraft;
import app.characterstudio.store.ConversationRepository;
import app.characterstudio.store.Database;
import app.characterstudio.store.RewardScoreRepository;
import app.characterstudio.store.ScorableTurn;
import app.characterstudio.store.ScoreSet;
import app.characterstudio.store.Session;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labels turns through the services, scores them with a tiny fixture reward model (nothing is trained), and checks
 * what the model read, the stored score sets, cancel and resume, suggestions and the agreement figures.
 */
class RewardScoringTest {
    static final LoadOptions CPU = new LoadOptions(System.getProperty("characterstudio.test.device", "cpu"), null, null);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RewardModel rm;

    @TempDir
    Path dir;
    private Database database;
    private ConversationRepository conversations;
    private LabelService labels;
    private RewardScoring scoring;
    private PersonaRepository personas;
    /** Per labeled turn: the chosen candidate and the rejected ones. */
    private final Map<Long, Long> chosenOf = new HashMap<>();
    private final Map<Long, List<Long>> rejectedOf = new HashMap<>();
    private final List<Long> unlabeledTurns = new ArrayList<>();

    @BeforeAll
    static void load() {
        rm = RewardModel.open(Fixtures.tinyRewardVhead(), CPU, LoadProgress.IGNORE, Cancellation.NEVER);
    }

    @AfterAll
    static void free() {
        rm.close();
    }

    @BeforeEach
    void workspace() {
        database = Database.inMemory();
        conversations = new ConversationRepository(database);
        labels = new LabelService(database);
        personas = new PersonaRepository(dir.resolve("characters"));
        scoring = new RewardScoring(database, personas, labels);
        Session sansan = conversations.createSession("sansan", "", "user");
        Session other = conversations.createSession("other", "", "user");
        String[][] replies = {{"好呀", "不要", "嗯嗯，我在"}, {"哈哈哈", "才不是", "你真好"}, {"世界", "你好世界"},
            {"我走了", "再见啦"}, {"今天很开心", "一般般", "还行吧"}};
        Candidate previous = null;
        for (int i = 0; i < replies.length; i++) {
            Session session = i < 3 ? sansan : other;
            long turn = conversations.addTurn(session.id(), i == 1 && previous != null ? previous.id() : null,
                    "你好" + i).id();
            List<CandidateDraft> drafts = new ArrayList<>();
            for (String text : replies[i]) {
                drafts.add(CandidateDraft.handWritten(text, "说明" + i + "\nuser:你好" + i + "\n三三:", 9, null, null));
            }
            List<Candidate> stored = conversations.addCandidates(turn, "b" + i, drafts);
            previous = stored.get(0);
            if (i == 3) {
                unlabeledTurns.add(turn);
                continue;
            }
            if (i == 4) {
                unlabeledTurns.add(turn);
                continue;
            }
            Label label = Label.empty(turn).withChosen(stored.get(0).id());
            for (Candidate c : stored.subList(1, stored.size())) {
                label = label.withRejectionToggled(c.id());
            }
            if (i == 1) {
                label = label.withReasonToggled(ReasonTag.BLAND);
            }
            labels.save(label);
            chosenOf.put(turn, stored.get(0).id());
            rejectedOf.put(turn, stored.subList(1, stored.size()).stream().map(Candidate::id).toList());
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theModelReadsTheIndexDpoExportPromptThenTheReply() throws Exception {
        ExportService exports = new ExportService(database, personas, dir.resolve("exports"), Clock.systemUTC());
        ExportPlan plan = exports.plan(DatasetFormats.byId("index-dpo"), ExportOptions.defaults().withSplit(1.0, 42),
                ExportListener.NONE);
        RewardScoreRepository repository = new RewardScoreRepository(database);
        Map<Long, ScorableTurn> turns = new HashMap<>();
        repository.scorableTurns(Set.of(), Set.of()).forEach(t -> turns.put(t.turnId(), t));
        for (ExportPlan.Row row : plan.train()) {
            JsonNode json = JSON.readTree(row.text());
            List<RewardInput> inputs = scoring.inputsOf(turns.get(row.record().turnId()), RewardLayout.DEFAULT);
            assertEquals(json.get("prompt").asText(), inputs.get(0).prompt(), "turn " + row.record().turnId());
            assertTrue(inputs.stream().anyMatch(in -> in.reply().equals(json.get("chosen").asText())));
            assertTrue(inputs.stream().anyMatch(in -> in.reply().equals(json.get("rejected").asText())));
        }
        assertEquals(5, plan.train().size());
        // the second turn follows the first reply: its prompt is rebuilt from the stored one, not the template
        assertTrue(plan.train().stream().allMatch(r -> !r.text().contains("以下是")), plan.preview(5).toString());
    }

    @Test
    void scoresAreStoredPerCandidateAndScoringAgainIsANoOp() {
        ScoringReport first = scoring.score(rm, ScoringScope.all(), 4, ScoringListener.IGNORE);
        assertEquals(13, first.candidates());
        assertEquals(13, first.scored());
        assertFalse(first.cancelled());
        RewardScoreRepository repository = new RewardScoreRepository(database);
        Map<Long, Double> stored = repository.scores(first.set().id());
        assertEquals(13, stored.size());
        for (ScorableTurn turn : repository.scorableTurns(Set.of(), Set.of())) {
            List<RewardInput> inputs = scoring.inputsOf(turn, RewardLayout.DEFAULT);
            for (int i = 0; i < inputs.size(); i++) {
                assertEquals(rm.score(inputs.get(i)), stored.get(turn.replies().get(i).candidateId()), 1e-5,
                        "candidate " + turn.replies().get(i).candidateId());
            }
        }
        ScoringReport again = scoring.score(rm, ScoringScope.all(), 4, ScoringListener.IGNORE);
        assertEquals(first.set(), again.set());
        assertEquals(0, again.scored());
        assertEquals(13, again.skipped());
        assertEquals(stored, repository.scores(first.set().id()));
        assertTrue(labels.find(unlabeledTurns.get(0)).isEmpty(), "a score is never a label");
        assertEquals(64, first.set().weightsHash().length());
        assertEquals("index-dpo:stored", first.set().layout());
    }

    @Test
    void anotherLayoutIsANewScoreSetBesideTheOld() {
        ScoreSet stored = scoring.score(rm, ScoringScope.all(), 8, ScoringListener.IGNORE).set();
        scoring.setLayout(rm.name(), RewardLayout.parse("index-dpo:persona"));
        ScoringReport persona = scoring.score(rm, ScoringScope.all(), 8, ScoringListener.IGNORE);
        assertNotEquals(stored.id(), persona.set().id());
        assertEquals(13, persona.scored());
        assertEquals(2, scoring.scoreSets().size());
        RewardScoreRepository repository = new RewardScoreRepository(database);
        assertEquals(13, repository.scores(stored.id()).size());
        // --unscored: nothing is left that no model scored
        assertEquals(0, scoring.score(rm, new ScoringScope(Set.of(), Set.of(), true), 8, ScoringListener.IGNORE).scored());
        assertThrows(app.characterstudio.export.ExportException.class, () -> RewardLayout.parse("sharegpt-dpo"));
    }

    @Test
    void aCancelKeepsFinishedBatchesAndTheNextRunResumes() {
        List<Integer> progress = new ArrayList<>();
        ScoringReport stopped = scoring.score(rm, new ScoringScope(Set.of("sansan"), Set.of(), false), 3,
                new ScoringListener() {
                    @Override
                    public void progress(int done, int total) {
                        progress.add(done);
                    }

                    @Override
                    public boolean isCancelled() {
                        return progress.size() > 1;                         // after the first batch
                    }
                });
        assertTrue(stopped.cancelled());
        assertEquals(3, stopped.scored());
        assertEquals(8, stopped.candidates());
        ScoringReport resumed = scoring.score(rm, new ScoringScope(Set.of("sansan"), Set.of(), false), 3,
                ScoringListener.IGNORE);
        assertEquals(3, resumed.skipped());
        assertEquals(5, resumed.scored());
        assertEquals(8, new RewardScoreRepository(database).scores(resumed.set().id()).size());
    }

    @Test
    void agreementMatchesTheHandCountOfLabeledPairs() {
        ScoreSet set = scoring.score(rm, ScoringScope.all(), 8, ScoringListener.IGNORE).set();
        Map<Long, Double> scores = new RewardScoreRepository(database).scores(set.id());
        int agreeing = 0;
        int pairs = 0;
        int sansanAgreeing = 0;
        int sansanPairs = 0;
        for (Map.Entry<Long, Long> turn : chosenOf.entrySet()) {
            for (long rejected : rejectedOf.get(turn.getKey())) {
                boolean agrees = scores.get(turn.getValue()) > scores.get(rejected);
                agreeing += agrees ? 1 : 0;
                pairs++;
            }
        }
        for (long turn : chosenOf.keySet()) {
            if (conversations.turn(turn).orElseThrow().sessionId() == 1) {
                for (long rejected : rejectedOf.get(turn)) {
                    sansanAgreeing += scores.get(chosenOf.get(turn)) > scores.get(rejected) ? 1 : 0;
                    sansanPairs++;
                }
            }
        }
        RewardAgreement agreement = scoring.agreement(set, Set.of());
        assertEquals(5, pairs);
        assertEquals(pairs, agreement.overall().pairs());
        assertEquals(agreeing, agreement.overall().agreeing());
        assertEquals(sansanPairs, agreement.perCharacter().get("sansan").pairs());
        assertEquals(sansanAgreeing, agreement.perCharacter().get("sansan").agreeing());
        assertEquals(2, agreement.perReason().get("bland").pairs());
        assertEquals(pairs - agreeing, agreement.disagreements().size());
        for (RewardAgreement.Disagreement d : agreement.disagreements()) {
            assertTrue(d.margin() >= 0, d.toString());
        }
        int histogramChosen = java.util.Arrays.stream(agreement.histogram().chosen()).sum();
        assertEquals(pairs, histogramChosen);
        assertEquals(pairs, java.util.Arrays.stream(agreement.histogram().rejected()).sum());
        assertEquals(0, agreement.unscoredPairs());
    }

    @Test
    void wilsonIntervalOfKnownCounts() {
        RewardAgreement.Accuracy accuracy = RewardAgreement.Accuracy.of(8, 10);
        assertEquals(0.4902, accuracy.low(), 1e-4);
        assertEquals(0.9433, accuracy.high(), 1e-4);
        assertEquals("80.0% (8 of 10 pairs, 95% CI 49.0–94.3%)", accuracy.describe());
        assertEquals("no scored pairs", RewardAgreement.Accuracy.of(0, 0).describe());
    }

    @Test
    void theSuggestionIsTheTopScoreAndAcceptingItMakesAHumanLabelThatKeepsItsSource() {
        ScoreSet set = scoring.score(rm, ScoringScope.all(), 8, ScoringListener.IGNORE).set();
        long turn = unlabeledTurns.get(1);
        Map<Long, Double> scores = scoring.scoresOfTurn(set, turn);
        long best = scores.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertEquals(best, scoring.suggestion(set, turn).orElseThrow());
        assertFalse(scoring.isSuggested(turn));
        Label accepted = scoring.acceptSuggestion(set, turn);
        assertEquals(best, accepted.chosenCandidateId());
        assertEquals(best, labels.find(turn).orElseThrow().chosenCandidateId());
        assertTrue(scoring.isSuggested(turn));
        // a later change by hand is the creator's own: the suggestion mark goes with the old label
        labels.save(labels.find(turn).orElseThrow().withRationale("mine"));
        assertFalse(scoring.isSuggested(turn));
    }
}
