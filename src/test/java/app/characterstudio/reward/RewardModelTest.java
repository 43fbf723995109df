package app.characterstudio.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.model.Fixtures;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scores of the tiny reward fixtures against the plain PyTorch forward of make_tiny_reward_models.py. */
class RewardModelTest {
    private static final double TOLERANCE = 1e-4;
    static final LoadOptions CPU = new LoadOptions(System.getProperty("characterstudio.test.device", "cpu"), null, null);

    static RewardModel open(Path dir) {
        return RewardModel.open(dir, CPU, LoadProgress.IGNORE, Cancellation.NEVER);
    }

    @Test
    void sequenceClassificationScoresMatchTheReference() {
        try (RewardModel rm = open(Fixtures.tinyRewardSeqcls())) {
            assertEquals(RewardHead.Layout.SEQUENCE_CLASSIFICATION, rm.head().layout());
            assertEquals("score.weight", rm.head().weightName());
            assertFalse(rm.head().hasBias());
            assertEquals("model.safetensors", rm.head().file().getFileName().toString());
            checkOneByOne(rm, Fixtures.tinyRewardSeqcls());
        }
    }

    @Test
    void valueHeadScoresMatchTheReferenceWithBosAsked() {
        try (RewardModel rm = open(Fixtures.tinyRewardVhead())) {
            assertEquals(RewardHead.Layout.VALUE_HEAD, rm.head().layout());
            assertEquals("v_head.summary.weight", rm.head().weightName());
            assertTrue(rm.head().hasBias());
            assertEquals("value_head.bin", rm.head().file().getFileName().toString());
            checkOneByOne(rm, Fixtures.tinyRewardVhead());
        }
    }

    @Test
    void baichuanFusedWpackScoresMatchTheNumpyReference() {
        try (RewardModel rm = open(Fixtures.tinyRewardWpack())) {
            assertEquals(RewardHead.Layout.VALUE_HEAD, rm.head().layout());
            assertEquals("value_head.safetensors", rm.head().file().getFileName().toString());
            checkOneByOne(rm, Fixtures.tinyRewardWpack());
            List<RewardInput> inputs = RewardFixtures.reference(Fixtures.tinyRewardWpack()).stream()
                    .map(RewardFixtures.Pair::input).toList();
            List<Double> batched = rm.score(inputs);
            for (int i = 0; i < inputs.size(); i++) {
                assertEquals(rm.score(inputs.get(i)), batched.get(i), 1e-5, "batched " + inputs.get(i));
            }
        }
    }

    @Test
    void llamaSequenceClassificationWithGroupedQueriesMatchesTheNumpyReference() {
        try (RewardModel rm = open(Fixtures.tinyRewardLlama())) {
            assertEquals(RewardHead.Layout.SEQUENCE_CLASSIFICATION, rm.head().layout());
            checkOneByOne(rm, Fixtures.tinyRewardLlama());
        }
    }

    /** The README's converter turns an Index reward model into a LlamaForSequenceClassification that scores the same. */
    @Test
    void aLlamaCopyOfTheIndexRewardModelScoresAsTheOriginal() {
        try (RewardModel rm = open(Fixtures.llamaCopy(Fixtures.tinyRewardSeqcls()))) {
            assertEquals("LlamaForSequenceClassification", rm.folder().config().architecture());
            assertFalse(rm.folder().config().normHead());
            assertEquals(RewardHead.Layout.SEQUENCE_CLASSIFICATION, rm.head().layout());
            checkOneByOne(rm, Fixtures.tinyRewardSeqcls());
        }
    }

    @Test
    void aTextPastMaxPositionsKeepsItsReplyAndBos() {
        try (RewardModel rm = open(Fixtures.tinyRewardVhead())) {
            RewardInput longOne = new RewardInput("Hello, how are ".repeat(60), " you today?");
            int[] ids = rm.encode(longOne);
            assertEquals(256, ids.length);
            assertEquals(1, ids[0], "BOS stays first");
            int[] reply = rm.encode(new RewardInput("", " you today?"));
            for (int i = 1; i <= 3; i++) {
                assertEquals(reply[reply.length - i], ids[ids.length - i], "the reply's end and EOS are kept");
            }
            assertTrue(Double.isFinite(rm.score(longOne)));
        }
    }

    private static void checkOneByOne(RewardModel rm, Path folder) {
        List<RewardFixtures.Pair> pairs = RewardFixtures.reference(folder);
        assertTrue(pairs.size() >= 5);
        for (RewardFixtures.Pair pair : pairs) {
            assertArrayEquals(pair.ids(), rm.encode(pair.input()), "ids of " + pair.input());
            assertEquals(pair.score(), rm.score(pair.input()), TOLERANCE, "score of " + pair.input());
        }
    }

    @Test
    void paddingAndBatchOrderChangeNothing() {
        Path folder = Fixtures.tinyRewardVhead();
        List<RewardFixtures.Pair> pairs = RewardFixtures.reference(folder);
        List<RewardInput> inputs = pairs.stream().map(RewardFixtures.Pair::input).toList();
        try (RewardModel rm = open(folder)) {
            List<Double> batched = rm.score(inputs);                       // one batch, rows of different lengths
            List<Double> single = rm.score(inputs, 1);
            List<RewardInput> reversed = new ArrayList<>(inputs);
            Collections.reverse(reversed);
            List<Double> backwards = new ArrayList<>(rm.score(reversed));
            Collections.reverse(backwards);
            List<Double> pairsOfTwo = rm.score(inputs, 2);
            for (int i = 0; i < pairs.size(); i++) {
                assertEquals(pairs.get(i).score(), batched.get(i), TOLERANCE, "batched " + inputs.get(i));
                assertEquals(single.get(i), batched.get(i), 1e-5, "batched vs alone " + inputs.get(i));
                assertEquals(single.get(i), backwards.get(i), 1e-5, "reversed batch " + inputs.get(i));
                assertEquals(single.get(i), pairsOfTwo.get(i), 1e-5, "batches of two " + inputs.get(i));
            }
            // the padding id itself must not matter: the score is read before any padding
            List<int[]> rows = inputs.stream().map(rm::encode).toList();
            List<Double> padZero = rm.scoreIds(rows, 0);
            List<Double> padOther = rm.scoreIds(rows, 300);
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(padZero.get(i), padOther.get(i), 1e-5, "pad id, row " + i);
            }
            // the scores differ from each other: a head reading the wrong position would not pass the above by luck
            assertTrue(batched.stream().distinct().count() == batched.size());
        }
    }
}
