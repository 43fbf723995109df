package app.characterstudio.model.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import app.characterstudio.OfflineMode;
import app.characterstudio.model.ModelConfig;
import app.characterstudio.model.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CPU's fused paths give the logits of the op-by-op ones: PyTorch's fused attention ({@link CpuAttention}) on
 * each of its three cases (a fresh prompt, causal; a prompt continued after cached positions, masked; single
 * steps), and whole layers in one TorchScript call ({@link FusedLayer}) with bf16 and int8 products and, switched
 * on, with fp32 and fp16 matrices ({@link PlainLayers}, meant for the GPU), including a batch-1 prompt written into
 * every row of a 3-row cache and 3 candidates decoding from it.
 */
class FusedCpuPathsTest {
    @BeforeAll
    static void offline() {
        OfflineMode.enforce();
    }

    static Stream<Arguments> cases() {
        return Stream.of(Precision.FP32, Precision.FP16, Precision.BF16, Precision.INT8, Precision.FP16_WEIGHTS)
                .flatMap(precision -> Stream.of(Arguments.of(precision, 4), Arguments.of(precision, 2)));
    }

    @ParameterizedTest(name = "{0}, {1} key/value heads for 4 query heads")
    @MethodSource("cases")
    void fusedPathsGiveTheLogitsOfTheOpByOpOnes(Precision precision, int kvHeads) {
        ModelConfig tiny = InMemoryWeights.tinyConfig(64);
        ModelConfig config = new ModelConfig(tiny.architecture(), tiny.hiddenSize(), tiny.layerCount(),
                tiny.headCount(), kvHeads, tiny.intermediateSize(), tiny.vocabSize(), tiny.maxPositions(),
                tiny.rmsNormEps(), tiny.ropeTheta(), tiny.normHead(), tiny.tieWordEmbeddings(),
                tiny.attentionBias(), tiny.torchDtype());
        InMemoryWeights source = InMemoryWeights.random(config, TensorType.F32, 11);
        List<float[]> fused = logits(source, config, precision, true);
        List<float[]> opByOp = logits(source, config, precision, false);
        assertEquals(9 + 5 + 3 * 3, fused.size());
        // fp16 rounds each operation's result to 11 bits, in another order when fused
        float tolerance = precision == Precision.FP16 ? 2e-2f : 1e-4f;
        for (int i = 0; i < fused.size(); i++) {
            IndexTransformerTest.assertClose(opByOp.get(i), fused.get(i), tolerance);
        }
    }

    /**
     * On the fused path a prompt's kept keys and values give the tokens of a fresh prefill: Regenerate (every prompt
     * token kept, 3 candidates) in bf16 and int8, and in bf16 a longer prompt that reads only what follows (in int8 a
     * product quantizes its input over all its rows, so a prompt read in other chunks may round differently).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Precision.class, names = {"BF16", "INT8", "FP16_WEIGHTS"})
    void aKeptPromptGivesTheTokensOfAFreshPrefill(Precision precision) {
        ModelConfig config = InMemoryWeights.tinyConfig(2100);
        InMemoryWeights source = InMemoryWeights.random(config, TensorType.F32, 11);
        Random random = new Random(5);
        int[] ids = random.ints(700, 3, 259).toArray(); // over one prefill chunk
        int[] longer = Arrays.copyOf(ids, 760);
        System.arraycopy(random.ints(60, 3, 259).toArray(), 0, longer, 700, 60);
        SamplingParams greedy = SamplingParams.DEFAULTS.withGreedy(true).withRepetitionPenalty(1f)
                .withMaxNewTokens(12).withStops(List.of(), false);
        try (IndexTransformer model = IndexTransformer.load(source, config, DeviceChoice.choose("cpu"), precision,
                LoadProgress.IGNORE, Cancellation.NEVER)) {
            int[] expected;
            int[] expectedLonger;
            try (Generator fresh = new Generator(model, new ByteCodec(), 0)) {
                expected = fresh.generate(ids, greedy, 1, GenerationListener.IGNORE, Cancellation.NEVER).get(0)
                        .tokenIds();
                expectedLonger = fresh.generate(longer, greedy, 1, GenerationListener.IGNORE, Cancellation.NEVER)
                        .get(0).tokenIds();
            }
            try (Generator kept = new Generator(model, new ByteCodec(), 64L << 20)) {
                kept.generate(ids, greedy, 1, GenerationListener.IGNORE, Cancellation.NEVER);
                for (Completion again : kept.generate(ids, greedy, 3, GenerationListener.IGNORE, Cancellation.NEVER)) {
                    assertEquals(ids.length, again.timings().reusedPromptTokens());
                    assertArrayEquals(expected, again.tokenIds());
                }
                if (precision != Precision.INT8) {
                    Completion extended = kept.generate(longer, greedy, 1, GenerationListener.IGNORE,
                            Cancellation.NEVER).get(0);
                    assertEquals(ids.length, extended.timings().reusedPromptTokens());
                    assertArrayEquals(expectedLonger, extended.tokenIds());
                }
            }
        }
    }

    /**
     * Logits of a 9-token prompt (every position) and 5 more tokens at position 9, both as one row written into
     * the 3 rows of the cache, then 3 steps of 3 rows with different tokens.
     */
    private static List<float[]> logits(InMemoryWeights source, ModelConfig config, Precision precision,
                                        boolean fused) {
        String[] switches = {"characterstudio.fusedAttention", "characterstudio.fusedLayers"};
        String[] saved = new String[switches.length];
        for (int i = 0; i < switches.length; i++) {
            saved[i] = System.getProperty(switches[i]);
            System.setProperty(switches[i], Boolean.toString(fused));
        }
        try (IndexTransformer model = IndexTransformer.load(source, config, DeviceChoice.choose("cpu"),
                precision, LoadProgress.IGNORE, Cancellation.NEVER);
             KvCache cache = model.newCache(3, 32)) {
            List<float[]> rows = new ArrayList<>();
            int vocab = config.vocabSize();
            int[][] chunks = {{5, 17, 200, 3, 99, 42, 7, 8, 9}, {11, 12, 13, 14, 15}, {21, 31, 41}, {22, 32, 42},
                {23, 33, 43}};
            int position = 0;
            for (int[] chunk : chunks) {
                int batch = position < 14 ? 1 : 3;
                try (NDManager step = model.newStepManager()) {
                    float[] flat = model.forward(step, IndexTransformerTest.tokens(step, batch, chunk), cache,
                            position, true).toFloatArray();
                    for (int r = 0; r < chunk.length; r++) {
                        rows.add(java.util.Arrays.copyOfRange(flat, r * vocab, (r + 1) * vocab));
                    }
                }
                position += batch == 1 ? chunk.length : 1;
            }
            return rows;
        } finally {
            for (int i = 0; i < switches.length; i++) {
                if (saved[i] == null) {
                    System.clearProperty(switches[i]);
                } else {
                    System.setProperty(switches[i], saved[i]);
                }
            }
        }
    }
}
