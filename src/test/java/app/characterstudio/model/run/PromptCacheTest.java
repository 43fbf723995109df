package app.characterstudio.model.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.OfflineMode;
import app.characterstudio.model.ModelConfig;
import app.characterstudio.model.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reusing a prompt's keys and values gives the tokens a fresh prefill gives, within a memory cap. */
class PromptCacheTest {
    private static final ModelConfig CONFIG = InMemoryWeights.tinyConfig(4200);
    private static InMemoryWeights source;
    private static IndexTransformer model;

    @BeforeAll
    static void load() {
        OfflineMode.enforce();
        source = InMemoryWeights.random(CONFIG, TensorType.F32, 11);
        model = IndexTransformer.load(source, CONFIG, TestDevice.choice(), Precision.FP32, LoadProgress.IGNORE,
                Cancellation.NEVER);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static SamplingParams greedy(int tokens) {
        return SamplingParams.DEFAULTS.withGreedy(true).withRepetitionPenalty(1f).withMaxNewTokens(tokens)
                .withStops(List.of(), false);
    }

    private static int[] prompt(int length, long seed) {
        Random random = new Random(seed);
        return random.ints(length, 3, 259).toArray();
    }

    private static List<Completion> run(Generator generator, int[] ids, int candidates) {
        return generator.generate(ids, greedy(12), candidates, GenerationListener.IGNORE, Cancellation.NEVER);
    }

    /** Tokens of a generator that keeps no prompt: every prefill from position 0. */
    private static int[] fresh(int[] ids) {
        try (Generator generator = new Generator(model, new ByteCodec(), 0)) {
            Completion c = run(generator, ids, 1).get(0);
            assertEquals(0, c.timings().reusedPromptTokens());
            return c.tokenIds();
        }
    }

    @Test
    void regenerateReadsNoPromptAndGivesTheSameTokens() {
        int[] ids = prompt(700, 1); // over one prefill chunk
        int[] expected = fresh(ids);
        try (Generator generator = new Generator(model, new ByteCodec(), 64L << 20)) {
            Completion first = run(generator, ids, 1).get(0);
            assertEquals(0, first.timings().reusedPromptTokens());
            assertArrayEquals(expected, first.tokenIds());

            List<Completion> again = run(generator, ids, 3);
            for (Completion c : again) {
                assertEquals(ids.length, c.timings().reusedPromptTokens());
                assertArrayEquals(expected, c.tokenIds());
            }
            assertEquals(1, generator.promptCache().usage().prompts());
        }
    }

    @Test
    void aPromptThatBeginsLikeAKeptOneReadsOnlyWhatFollows() {
        int[] head = prompt(300, 2);
        int[] longer = Arrays.copyOf(head, 360);
        System.arraycopy(prompt(60, 3), 0, longer, 300, 60);
        int[] shorter = Arrays.copyOf(head, 250);
        try (Generator generator = new Generator(model, new ByteCodec(), 64L << 20)) {
            run(generator, head, 1);

            Completion extended = run(generator, longer, 1).get(0);
            assertEquals(300, extended.timings().reusedPromptTokens());
            assertArrayEquals(fresh(longer), extended.tokenIds());
            assertEquals(1, generator.promptCache().usage().prompts(), "the longer prompt covers the head");

            // the last prompt token is read again: its logits start the reply
            Completion cut = run(generator, shorter, 2).get(1);
            assertEquals(249, cut.timings().reusedPromptTokens());
            assertArrayEquals(fresh(shorter), cut.tokenIds());
        }
    }

    @Test
    void theMemoryCapHoldsAndTheLeastRecentlyUsedPromptGoesFirst() {
        long perPrompt;
        try (KvCache probe = model.newCache(1, 1)) {
            perPrompt = probe.bytesPerPosition() * 100;
        }
        try (Generator generator = new Generator(model, new ByteCodec(), perPrompt * 2 + perPrompt / 2)) {
            List<int[]> prompts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                prompts.add(prompt(100, 10 + i));
                run(generator, prompts.get(i), 1);
                PromptCache.Usage usage = generator.promptCache().usage();
                assertTrue(usage.usedBytes() <= usage.capacityBytes(), usage.toString());
            }
            assertEquals(2, generator.promptCache().usage().prompts());
            assertEquals(2 * perPrompt, generator.promptCache().usage().usedBytes());
            assertEquals(0, run(generator, prompts.get(0), 1).get(0).timings().reusedPromptTokens(), "evicted");
            assertEquals(100, run(generator, prompts.get(2), 1).get(0).timings().reusedPromptTokens(), "kept");
        }
        try (Generator none = new Generator(model, new ByteCodec(), 0)) {
            int[] ids = prompt(50, 20);
            run(none, ids, 1);
            assertEquals(0, run(none, ids, 1).get(0).timings().reusedPromptTokens());
            assertEquals(0, none.promptCache().usage().prompts());
        }
    }

    @Test
    void cancellingWhileReadingThePromptLeavesTheEngineReady() {
        List<Integer> progress = new ArrayList<>();
        AtomicBoolean cancel = new AtomicBoolean();
        try (Generator generator = new Generator(model, new ByteCodec(), 64L << 20)) {
            int chunk = generator.prefillChunk();
            int[] ids = prompt(chunk + 100, 4); // two passes
            GenerationListener listener = new GenerationListener() {
                @Override
                public void onPromptRead(int done, int total) {
                    progress.add(done);
                    assertEquals(ids.length, total);
                    cancel.set(done >= chunk);
                }
            };
            GenerationException e = assertThrows(GenerationException.class,
                    () -> generator.generate(ids, greedy(4), 2, listener, cancel::get));
            assertTrue(e.getMessage().contains("cancelled while reading the prompt"), e.getMessage());
            assertEquals(List.of(0, chunk), progress);
            assertEquals(0, generator.promptCache().usage().prompts(), "a prompt read halfway is not kept");

            Completion after = generator.generate(ids, greedy(4), 1, GenerationListener.IGNORE, Cancellation.NEVER)
                    .get(0);
            assertArrayEquals(Arrays.copyOf(fresh(ids), 4), after.tokenIds());
        }
    }
}
