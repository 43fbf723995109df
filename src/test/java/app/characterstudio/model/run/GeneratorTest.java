package app.characterstudio.model.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import app.characterstudio.OfflineMode;
import app.characterstudio.model.Fixtures;
import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.WeightSource;
import app.characterstudio.model.WeightSources;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batched generation on the tiny fixture model, with a byte-level codec so any text round-trips. */
class GeneratorTest {
    private static WeightSource source;
    private static IndexTransformer model;
    private static Generator generator;
    private static JsonNode reference;

    @BeforeAll
    static void load() throws IOException {
        OfflineMode.enforce();
        ModelFolder folder = ModelFolder.open(Fixtures.tinyIndex());
        source = WeightSources.open(folder);
        model = IndexTransformer.load(source, folder.config(), TestDevice.choice(), Precision.FP32,
                LoadProgress.IGNORE, Cancellation.NEVER);
        generator = new Generator(model, new ByteCodec());
        reference = new ObjectMapper().readTree(Fixtures.tinyIndex().resolve("reference.json").toFile());
    }

    @AfterAll
    static void close() {
        model.close();
        source.close();
    }

    private static SamplingParams greedy(int tokens) {
        return SamplingParams.DEFAULTS.withGreedy(true).withRepetitionPenalty(1f).withMaxNewTokens(tokens)
                .withStops(List.of(), false);
    }

    @Test
    void greedyGenerationReproducesThePyTorchContinuation() {
        for (JsonNode prompt : reference.get("prompts")) {
            int[] ids = ReferenceLogitsTest.ints(prompt.get("ids"));
            int[] expected = untilEnd(ReferenceLogitsTest.ints(prompt.get("greedy")));
            Completion c = generator.generate(ids, greedy(20), 1, GenerationListener.IGNORE, Cancellation.NEVER).get(0);
            assertArrayEquals(expected, untilEnd(c.tokenIds()));
        }
    }

    @Test
    void fourGreedyCandidatesInOneBatchEqualFourSingleRuns() {
        int[] ids = ReferenceLogitsTest.ints(reference.get("prompts").get(1).get("ids"));
        int[] single = generator.generate(ids, greedy(12), 1, GenerationListener.IGNORE, Cancellation.NEVER)
                .get(0).tokenIds();
        List<Completion> batch = generator.generate(ids, greedy(12), 4, GenerationListener.IGNORE, Cancellation.NEVER);
        assertEquals(4, batch.size());
        for (Completion c : batch) {
            assertArrayEquals(single, c.tokenIds());
        }
    }

    @Test
    void sampledCandidatesDifferAndTheSameSeedGivesTheSameOutput() {
        int[] ids = ReferenceLogitsTest.ints(reference.get("prompts").get(0).get("ids"));
        SamplingParams params = SamplingParams.DEFAULTS.withTemperature(1.5f).withTopK(0).withTopP(1f)
                .withSeed(42L).withMaxNewTokens(15).withStops(List.of(), false);
        List<Completion> first = generator.generate(ids, params, 3, GenerationListener.IGNORE, Cancellation.NEVER);
        List<Completion> again = generator.generate(ids, params, 3, GenerationListener.IGNORE, Cancellation.NEVER);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(first.get(i).tokenIds(), again.get(i).tokenIds());
        }
        assertNotEquals(Arrays.toString(first.get(0).tokenIds()), Arrays.toString(first.get(1).tokenIds()));
        List<Completion> other = generator.generate(ids, params.withSeed(7L), 3, GenerationListener.IGNORE,
                Cancellation.NEVER);
        assertNotEquals(Arrays.toString(first.get(0).tokenIds()), Arrays.toString(other.get(0).tokenIds()));
    }

    @Test
    void candidatesThatFinishEarlyLeaveTheBatchWithoutChangingTheOthers() {
        int[] ids = new ByteCodec().encode("小明：你好");
        SamplingParams params = SamplingParams.DEFAULTS.withTemperature(2f).withTopK(0).withTopP(1f).withSeed(11L)
                .withMaxNewTokens(30).withStops(List.of(), false);
        int[] free = generator.generate(ids, params, 4, GenerationListener.IGNORE, Cancellation.NEVER).get(0)
                .tokenIds();
        // make the fifth token candidate 0 samples the end of text: it ends there, the others wherever they meet it
        Generator ending = new Generator(model, new ByteCodec() {
            @Override
            public int endOfTextId() {
                return free[4];
            }
        });
        List<Completion> batch = ending.generate(ids, params, 4, GenerationListener.IGNORE, Cancellation.NEVER);
        List<Integer> lengths = batch.stream().map(c -> c.tokenIds().length).toList();
        assertTrue(lengths.stream().distinct().count() > 2, "rows should leave the batch at different steps: "
                + lengths);
        for (Completion c : batch) {
            long seed = 11L + 0x9E3779B97F4A7C15L * c.index(); // the seed the generator gives candidate i
            Completion alone = ending.generate(ids, params.withSeed(seed), 1, GenerationListener.IGNORE,
                    Cancellation.NEVER).get(0);
            assertArrayEquals(alone.tokenIds(), c.tokenIds(), "candidate " + c.index());
            assertEquals(alone.finishReason(), c.finishReason());
        }
    }

    @Test
    void streamedTextEqualsTheFinalTextOfEveryCandidate() {
        StringBuilder[] streamed = {new StringBuilder(), new StringBuilder()};
        GenerationListener listener = new GenerationListener() {
            @Override
            public void onText(int candidate, String delta) {
                streamed[candidate].append(delta);
            }
        };
        int[] ids = new ByteCodec().encode("小明：你好");
        SamplingParams params = SamplingParams.DEFAULTS.withTemperature(2f).withTopK(0).withTopP(1f).withSeed(3L)
                .withMaxNewTokens(40).withStops(List.of("x"), true);
        List<Completion> completions = generator.generate(ids, params, 2, listener, Cancellation.NEVER);
        for (Completion c : completions) {
            assertEquals(c.text(), streamed[c.index()].toString());
        }
    }

    @Test
    void aStopStringEndsTheReplyBeforeIt() {
        // The committed greedy continuations (checked above) decode, byte by byte, to a few characters; the second
        // character of the first whose first two differ becomes the stop string, so this test always reaches its asserts.
        for (JsonNode prompt : reference.get("prompts")) {
            int[] ids = ReferenceLogitsTest.ints(prompt.get("ids"));
            Completion plain = generator.generate(ids, greedy(20), 1, GenerationListener.IGNORE, Cancellation.NEVER)
                    .get(0);
            String text = plain.text();
            if (text.codePointCount(0, text.length()) < 2) {
                continue;
            }
            int second = text.offsetByCodePoints(0, 1);
            String stop = text.substring(second, text.offsetByCodePoints(second, 1));
            if (text.indexOf(stop) != second) {
                continue; // the same character first: the reply would stop before any text
            }
            Completion stopped = generator.generate(ids, greedy(20).withStops(List.of(stop), false), 1,
                    GenerationListener.IGNORE, Cancellation.NEVER).get(0);
            assertNotEquals(FinishReason.STOP, plain.finishReason());
            assertEquals(FinishReason.STOP, stopped.finishReason());
            assertEquals(text.substring(0, second), stopped.text());
            return;
        }
        fail("no committed continuation decodes to two different characters");
    }

    @Test
    void maxNewTokensEndsWithLengthAndReportsTimings() {
        int[] ids = {300, 301, 302};
        Completion c = generator.generate(ids, greedy(5).withLogprobs(3), 1, GenerationListener.IGNORE,
                Cancellation.NEVER).get(0);
        assertTrue(c.tokenIds().length <= 5);
        if (c.finishReason() == FinishReason.LENGTH) {
            assertEquals(5, c.tokenIds().length);
        }
        assertEquals(3, c.timings().promptTokens());
        assertEquals(c.tokenIds().length, c.logprobs().size());
        TokenLogprobs first = c.logprobs().get(0);
        assertEquals(3, first.top().size());
        assertEquals(first.tokenId(), first.top().get(0).tokenId(), "greedy picks the most likely token");
        assertTrue(first.logprob() <= 0);
    }

    @Test
    void cancellingStopsWithinOneStep() {
        int[] ids = {300, 301, 302};
        CancellationFlag flag = new CancellationFlag();
        AtomicInteger tokens = new AtomicInteger();
        GenerationListener listener = new GenerationListener() {
            @Override
            public void onToken(int candidate, int tokenId, TokenLogprobs logprobs) {
                if (tokens.incrementAndGet() == 4) {
                    flag.cancel();
                }
            }
        };
        int live = model.liveArrayCount();
        SamplingParams params = SamplingParams.DEFAULTS.withSeed(1L).withMaxNewTokens(200).withStops(List.of(), false);
        List<Completion> result = generator.generate(ids, params, 2, listener, flag);
        assertEquals(4, tokens.get(), "two candidates, two steps: the cancel took effect at the next step");
        assertEquals(FinishReason.CANCELLED, result.get(0).finishReason());
        assertEquals(live, model.liveArrayCount(), "the cache was freed");
    }

    @Test
    void badRequestsAreRefusedClearly() {
        assertThrows(GenerationException.class, () -> generator.generate(new int[0], greedy(3), 1,
                GenerationListener.IGNORE, Cancellation.NEVER));
        int[] tooLong = new int[model.config().maxPositions()];
        Arrays.fill(tooLong, 5);
        GenerationException e = assertThrows(GenerationException.class, () -> generator.generate(tooLong, greedy(3),
                1, GenerationListener.IGNORE, Cancellation.NEVER));
        assertTrue(e.getMessage().contains("tokens"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> generator.generate(new int[] {5}, greedy(3), 0,
                GenerationListener.IGNORE, Cancellation.NEVER));
    }

    private static int[] untilEnd(int[] ids) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == ByteCodec.END) {
                return Arrays.copyOf(ids, i + 1);
            }
        }
        return ids;
    }
}
