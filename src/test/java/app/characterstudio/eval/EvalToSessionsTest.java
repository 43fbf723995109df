package app.characterstudio.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.chat.Conversation;
import app.characterstudio.cli.StudioCommand;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.CandidateOrigin;
import app.characterstudio.store.EvalRepository;
import app.characterstudio.store.EvalRepository.ItemRow;
import app.characterstudio.store.EvalRepository.ReplyRow;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Low-scoring items of a run become chat sessions to label: through the service, then the command line. */
class EvalToSessionsTest {
    @TempDir
    Path dir;

    @Test
    void lowItemsBecomeSessionsHoldingTheirContextAndTheRunsReply() throws Exception {
        long runId;
        try (Studio studio = EvalFixtures.studio(dir, new FakeGenerator())) {
            EvalService evals = studio.evals();
            evals.importCharacterEval(EvalFixtures.resource("charactereval"), "ce");
            runId = evals.run(new EvalService.RunRequest("ce", null, Sampling.defaults(), null, 8), EvalFixtures.FAKE,
                    EvalService.RunListener.IGNORE, () -> false).run().id();
            List<ItemRow> items = evals.items(evals.set("ce").id());
            Map<String, Double> means = Map.of("101", 1.0, "102", 1.5, "205", 4.0, "206", 3.0);
            List<EvalRepository.ScoreRow> scores = new ArrayList<>();
            for (ItemRow item : items) {
                for (Metric metric : EvalService.metrics(item)) {
                    scores.add(new EvalRepository.ScoreRow(item.id(), "rm:fixture@1", metric.en(), means.get(item.key())));
                }
            }
            new EvalRepository(studio.database()).putScores(runId, scores);

            List<EvalService.SentItem> sent = evals.toSessions(runId, 2.0, null, null);

            assertEquals(List.of("101", "102"), sent.stream().map(s -> s.item().key()).toList());
            assertEquals(1.5, sent.get(1).score(), 1e-9);
            Conversation conversation = studio.chat().conversation(sent.get(1).sessionId());
            assertEquals("eval run " + runId + " item 102", conversation.session().title());
            assertEquals("老师", conversation.session().userName());
            assertEquals(List.of("上课别睡觉。", "那你说说刚才讲了什么？"),
                    conversation.turns().stream().map(t -> t.userText()).toList());
            List<Candidate> candidates = conversation.candidates();
            assertEquals(2, candidates.size());
            assertEquals("我没睡！", candidates.get(0).text());
            assertEquals(CandidateOrigin.HUMAN, candidates.get(0).origin());
            ReplyRow reply = evals.reply(runId, sent.get(1).item().id()).orElseThrow();
            Candidate last = candidates.get(1);
            assertEquals(CandidateOrigin.MODEL, last.origin());
            assertEquals(reply.reply(), last.text());
            assertEquals(reply.prompt(), last.promptText(), "the prompt the run's reply answered is kept");
            assertEquals("fake-model", last.modelName());
            assertEquals(conversation.turns().get(1).id(), last.turnId());
            assertEquals(candidates.get(0).id(), conversation.turns().get(1).parentCandidateId(),
                    "the last message follows the character's line");

            int sessions = studio.chat().sessions(null).size();
            assertEquals(sent.stream().map(EvalService.SentItem::sessionId).toList(),
                    evals.toSessions(runId, 2.0, null, null).stream().map(EvalService.SentItem::sessionId).toList(),
                    "sending again finds the same sessions");
            assertEquals(sessions, studio.chat().sessions(null).size());

            EvalException noMetric = assertThrows(EvalException.class, () -> evals.toSessions(runId, 2.0, "Nope", null));
            assertTrue(noMetric.getMessage().contains("no scores on metric 'Nope'"), noMetric.getMessage());
            assertEquals(sessions, studio.chat().sessions(null).size());
        }

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StudioCommand.commandLine(w -> { }, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("--workspace", dir.resolve("ws").toString(), "eval", "to-sessions", String.valueOf(runId),
                        "--below", "3.5", "--json");
        assertEquals(0, code, err.toString());
        JsonNode sent = new ObjectMapper().readTree(out.toString());
        assertEquals(3, sent.size(), out.toString());
        assertEquals("206", sent.get(2).get("id").asText());
        StringWriter drawn = new StringWriter();
        assertEquals(0, StudioCommand.commandLine(w -> { }, new PrintWriter(drawn, true), new PrintWriter(err, true))
                .execute("--workspace", dir.resolve("ws").toString(), "eval", "rate", String.valueOf(runId),
                        "--sample", "2", "--seed", "5", "--json"), err.toString());
        JsonNode queue = new ObjectMapper().readTree(drawn.toString());
        assertEquals(2, queue.size());
        try (Studio studio = Studio.openForReading(Workspace.open(dir.resolve("ws")))) {
            assertEquals(studio.evals().ratingSample(runId, 2, 5).stream().map(ItemRow::key).toList(),
                    List.of(queue.get(0).get("id").asText(), queue.get(1).get("id").asText()));
            assertEquals(4, studio.evals().ratingSample(runId, null, 5).size(), "no size: every answered item");
            assertEquals(3, studio.chat().sessions(null).size(), "two found again, one new");
            long session = sent.get(2).get("session").asLong();
            assertEquals("eval run " + runId + " item 206", studio.chat().conversation(session).session().title());
        }
    }
}
