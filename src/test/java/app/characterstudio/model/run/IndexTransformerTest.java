package app.characterstudio.model.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import app.characterstudio.OfflineMode;
import app.characterstudio.model.ModelConfig;
import app.characterstudio.model.ModelLoadException;
import app.characterstudio.model.TensorType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IndexTransformerTest {
    private static final ModelConfig CONFIG = InMemoryWeights.tinyConfig(2100);
    private static InMemoryWeights source;
    private static IndexTransformer model;

    @BeforeAll
    static void load() {
        OfflineMode.enforce();
        source = InMemoryWeights.random(CONFIG, TensorType.F32, 7);
        model = IndexTransformer.load(source, CONFIG, TestDevice.choice(), Precision.FP32,
                LoadProgress.IGNORE, Cancellation.NEVER);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Logits [T][vocab] of every position of {@code ids} in one prefill. */
    static float[][] prefillAll(IndexTransformer model, int[] ids) {
        int vocab = model.config().vocabSize();
        try (KvCache cache = model.newCache(1, ids.length); NDManager step = model.newStepManager()) {
            float[] flat = model.forward(step, tokens(step, 1, ids), cache, 0, true).toFloatArray();
            float[][] rows = new float[ids.length][];
            for (int t = 0; t < ids.length; t++) {
                rows[t] = java.util.Arrays.copyOfRange(flat, t * vocab, (t + 1) * vocab);
            }
            return rows;
        }
    }

    static NDArray tokens(NDManager step, int batch, int... ids) {
        long[] longs = java.util.Arrays.stream(ids).asLongStream().toArray();
        return step.create(longs, new Shape(batch, ids.length / batch));
    }

    @Test
    void decodingOneTokenAtATimeGivesTheSameLogitsAsOnePrefill() {
        int[] ids = {5, 17, 200, 3, 99, 42, 7};
        float[][] full = prefillAll(model, ids);
        try (KvCache cache = model.newCache(1, ids.length)) {
            try (NDManager step = model.newStepManager()) {
                float[] first = model.forward(step, tokens(step, 1, 5, 17, 200), cache, 0, false).toFloatArray();
                assertClose(full[2], first, 1e-4f);
            }
            for (int t = 3; t < ids.length; t++) {
                try (NDManager step = model.newStepManager()) {
                    float[] row = model.forward(step, tokens(step, 1, ids[t]), cache, t, false).toFloatArray();
                    assertClose(full[t], row, 1e-4f);
                }
            }
        }
    }

    @Test
    void eachBatchRowEqualsItsOwnSingleRun() {
        int[][] prompts = {{10, 11, 12, 13}, {200, 201, 202, 203}, {7, 7, 7, 7}};
        int[] all = java.util.Arrays.stream(prompts).flatMapToInt(java.util.Arrays::stream).toArray();
        int vocab = CONFIG.vocabSize();
        try (KvCache cache = model.newCache(3, 4); NDManager step = model.newStepManager()) {
            float[] flat = model.forward(step, tokens(step, 3, all), cache, 0, false).toFloatArray();
            for (int b = 0; b < 3; b++) {
                float[] single = prefillAll(model, prompts[b])[3];
                assertClose(single, java.util.Arrays.copyOfRange(flat, b * vocab, (b + 1) * vocab), 1e-4f);
            }
        }
    }

    @Test
    void bf16AndFp16CheckpointsLoadAsTheirFp32Values() {
        int[] ids = {1, 2, 3, 4, 250};
        for (TensorType type : new TensorType[] {TensorType.BF16, TensorType.F16}) {
            InMemoryWeights narrow = source.convertedTo(type);
            InMemoryWeights widenedBack = narrow.convertedToF32();
            try (IndexTransformer a = IndexTransformer.load(narrow, CONFIG, TestDevice.choice(), Precision.FP32,
                    LoadProgress.IGNORE, Cancellation.NEVER);
                 IndexTransformer b = IndexTransformer.load(widenedBack, CONFIG, TestDevice.choice(),
                         Precision.FP32, LoadProgress.IGNORE, Cancellation.NEVER)) {
                assertClose(prefillAll(b, ids)[4], prefillAll(a, ids)[4], 1e-5f);
            }
        }
    }

    @Test
    void fp16ComputeStaysCloseToFp32() {
        int[] ids = {9, 8, 7, 6};
        try (IndexTransformer half = IndexTransformer.load(source, CONFIG, TestDevice.choice(), Precision.FP16,
                LoadProgress.IGNORE, Cancellation.NEVER)) {
            float[] a = prefillAll(model, ids)[3];
            float[] b = prefillAll(half, ids)[3];
            assertEquals(TokenSampler.argMax(a), TokenSampler.argMax(b));
            assertClose(a, b, 0.05f);
        }
    }

    @Test
    void nativeMemoryStaysFlatOverTwoThousandDecodeSteps() {
        model.newCache(2, 2050).close(); // the rotary table grows once to the context used, and stays
        int before = model.liveArrayCount();
        try (KvCache cache = model.newCache(2, 2050)) {
            try (NDManager step = model.newStepManager()) {
                model.forward(step, tokens(step, 2, 1, 2, 3, 4), cache, 0, false);
            }
            int duringFirst = -1;
            for (int position = 2; position < 2002; position++) {
                try (NDManager step = model.newStepManager()) {
                    float[] rows = model.forward(step, tokens(step, 2, position % 250, 3), cache, position, false)
                            .toFloatArray();
                    assertEquals(2 * CONFIG.vocabSize(), rows.length);
                }
                if (position == 10) {
                    duringFirst = model.liveArrayCount();
                }
            }
            assertEquals(duringFirst, model.liveArrayCount(), "arrays alive after 10 steps vs after 2,000");
        }
        assertEquals(before, model.liveArrayCount(), "the cache and every step's arrays were released");
    }

    @Test
    void aTensorOfTheWrongShapeIsNamed() {
        InMemoryWeights broken = InMemoryWeights.random(CONFIG, TensorType.F32, 1);
        broken.put("model.layers.1.mlp.up_proj.weight", TensorType.F32, new float[32 * 40], 40, 32);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> IndexTransformer.load(broken, CONFIG,
                TestDevice.choice(), Precision.FP32, LoadProgress.IGNORE, Cancellation.NEVER));
        assertTrue(e.getMessage().contains("model.layers.1.mlp.up_proj.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("[40, 32]"), e.getMessage());
    }

    @Test
    void loadingCanBeCancelledAndReportsProgress() {
        long[] last = {0, 0};
        CancellationFlag flag = new CancellationFlag();
        assertThrows(LoadCancelledException.class, () -> IndexTransformer.load(source, CONFIG,
                TestDevice.choice(), Precision.FP32, (done, total, what) -> {
                    last[0] = done;
                    last[1] = total;
                    if (what.contains("layers.1.")) {
                        flag.cancel();
                    }
                }, flag));
        assertTrue(last[0] > 0 && last[0] < last[1], last[0] + " of " + last[1]);
    }

    static void assertClose(float[] expected, float[] actual, float tolerance) {
        assertEquals(expected.length, actual.length);
        float worst = 0;
        if (java.util.stream.IntStream.range(0, expected.length).anyMatch(i -> Float.isNaN(expected[i]))) {
            throw new AssertionError("expected has NaN");
        }
        if (java.util.stream.IntStream.range(0, actual.length).anyMatch(i -> Float.isNaN(actual[i]))) {
            throw new AssertionError("actual has NaN");
        }
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= tolerance, "largest difference " + worst + " > " + tolerance);
    }
}
