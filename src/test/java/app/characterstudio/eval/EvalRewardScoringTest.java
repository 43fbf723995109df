package app.characterstudio.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.reward.RewardModel;
import app.characterstudio.store.EvalRepository.ItemRow;
import app.characterstudio.store.EvalRepository.ReplyRow;
import app.characterstudio.store.EvalRepository.ScoreRow;
import app.characterstudio.workspace.Studio;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scores a run with the tiny reward fixture exactly as CharacterEval's run_char_rm.py does, against the scores
 * src/test/fixtures/make_eval_rm_reference.py computed from the fixture's weights in plain numpy.
 */
class EvalRewardScoringTest {
    /** Small enough that the longer texts are cut from the left, as 4096 cuts the real ones. */
    static final int MAX_TOKENS = 180;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void scoresEachReplyOnItsMetricsWithCharacterEvalsTextAndTransform() throws Exception {
        try (Studio studio = EvalFixtures.studio(dir, new FakeGenerator());
             RewardModel rm = RewardModel.open(EvalFixtures.resource("tiny-reward-seqcls"), LoadOptions.DEFAULTS,
                     LoadProgress.IGNORE, Cancellation.NEVER)) {
            EvalService evals = studio.evals();
            evals.importCharacterEval(EvalFixtures.resource("charactereval"), "ce");
            long run = evals.run(new EvalService.RunRequest("ce", null, Sampling.defaults(), null, 8), EvalFixtures.FAKE,
                    EvalService.RunListener.IGNORE, () -> false).run().id();
            long setId = evals.run(run).setId();
            Map<String, String> profiles = evals.profiles(setId);
            List<String> texts = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            List<ItemRow> items = evals.items(setId);
            for (ReplyRow reply : evals.replies(run)) {
                ItemRow item = items.stream().filter(i -> i.id() == reply.itemId()).findFirst().orElseThrow();
                for (Metric metric : EvalService.metrics(item)) {
                    texts.add(evals.rewardText(item, profiles, reply.reply(), metric));
                    keys.add(item.id() + " " + metric.en());
                }
            }
            assertEquals("<RoleInfo>\n\n" + profiles.get("小明") + "\n\n<Context>\n\n老师：小明，作业写完了吗？\n\n<Response>\n\n"
                    + "回答1\n\n<Dimension>\n\n对话流利度", texts.get(0));
            if (Boolean.getBoolean("eval.writeRmInputs")) {
                writeInputs(rm, texts);
                return;
            }
            JsonNode reference = JSON.readTree(EvalFixtures.resource("charactereval/rm-reference.json").toFile());
            assertEquals(MAX_TOKENS, reference.get("max_tokens").asInt());
            JsonNode expected = reference.get("texts");
            assertEquals(texts.size(), expected.size());
            boolean truncated = false;
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(expected.get(i).get("text").asText(), texts.get(i));
                int[] ids = JSON.convertValue(expected.get(i).get("ids"), int[].class);
                assertArrayEquals(ids, rm.encodeTruncated(texts.get(i), MAX_TOKENS), "ids of text " + i);
                truncated |= rm.encodeTruncated(texts.get(i), 10_000).length > MAX_TOKENS;
            }
            assertTrue(truncated, "some texts are cut from the left");

            List<int[]> progress = new ArrayList<>();
            RewardScoring scoring = RewardScoring.characterEval().withMaxTokens(MAX_TOKENS);
            String scorer = evals.scoreWithRewardModel(run, rm, new ModelIdentity("tiny-reward-seqcls", "feedbeef0000ffff"),
                    scoring, (done, total) -> progress.add(new int[] {done, total}), () -> false);

            assertEquals("rm:tiny-reward-seqcls@feedbeef0000", scorer);
            List<ScoreRow> scores = evals.scores(run).stream().filter(s -> s.scorer().equals(scorer)).toList();
            assertEquals(texts.size(), scores.size());
            for (ScoreRow score : scores) {
                int i = keys.indexOf(score.itemId() + " " + score.metric());
                assertEquals(expected.get(i).get("score").asDouble(), score.value(), 1e-4, "text " + i);
                assertEquals(expected.get(i).get("head").asDouble() * 4 + 1, score.value(), 1e-4);
            }
            assertEquals(4, progress.get(progress.size() - 1)[0]);

            progress.clear();
            evals.scoreWithRewardModel(run, rm, new ModelIdentity("tiny-reward-seqcls", "feedbeef0000ffff"), scoring,
                    (done, total) -> progress.add(new int[] {done, total}), () -> false);
            assertTrue(progress.isEmpty(), "scoring again with the same model is a no-op");
            assertEquals(texts.size(), evals.scores(run).stream().filter(s -> s.scorer().equals(scorer)).count());
        }
    }

    /** Writes the texts and their ids (no special tokens) for the fixture script: -Deval.writeRmInputs=true. */
    private static void writeInputs(RewardModel rm, List<String> texts) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("max_tokens", MAX_TOKENS);
        ArrayNode array = root.putArray("texts");
        for (String text : texts) {
            int[] withEos = rm.encodeTruncated(text, 1_000_000);
            ObjectNode node = array.addObject();
            node.put("text", text);
            ArrayNode ids = node.putArray("ids");
            Arrays.stream(withEos, 0, withEos.length - 1).forEach(ids::add);
        }
        Path target = Path.of("src/test/resources/charactereval/rm-inputs.json");
        Files.writeString(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
                StandardCharsets.UTF_8);
    }
}
