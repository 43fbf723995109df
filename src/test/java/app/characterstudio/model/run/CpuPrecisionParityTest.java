package app.characterstudio.model.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.OfflineMode;
import app.characterstudio.model.Fixtures;
import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.ModelLoadException;
import app.characterstudio.model.WeightSource;
import app.characterstudio.model.WeightSources;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * bf16 ({@link Bf16Kernels}) and int8 ({@link FbgemmKernels}) compute on the CPU against fp32 on the fixture models:
 * 8 prompts, 64 greedy steps.
 */
class CpuPrecisionParityTest {
    private static final int STEPS = 64;

    @BeforeAll
    static void offline() {
        OfflineMode.enforce();
    }

    static Stream<Path> fixtures() {
        return Stream.of(Fixtures.tinyIndex(), Fixtures.tinyIndexBf16(), Fixtures.tinyIndexGqa(),
                Fixtures.tinyIndexBias(), Fixtures.tinyIndexTied());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void bf16FollowsFp32GreedyOnAtLeast95PercentOfSteps(Path dir) {
        ModelFolder folder = ModelFolder.open(dir);
        Run run = compareWithFp32(folder, Precision.BF16);
        // bf16 keeps 8 significant bits: the logits move, but not by whole units
        assertTrue(run.parity().maxAbsLogitDifference() < 0.5,
                "max abs logit difference " + run.parity().maxAbsLogitDifference());
        // the matrices take half of fp32's bytes; norms stay fp32
        assertTrue(run.bytes() < run.fp32Bytes() * 0.51, run.bytes() + " bytes against fp32's " + run.fp32Bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void int8FollowsFp32GreedyOnAtLeast95PercentOfSteps(Path dir) {
        ModelFolder folder = ModelFolder.open(dir);
        Run run = compareWithFp32(folder, Precision.INT8);
        // 8-bit weights and inputs: the logits move more than bf16's, still not by whole units
        assertTrue(run.parity().maxAbsLogitDifference() < 1.0,
                "max abs logit difference " + run.parity().maxAbsLogitDifference());
        // the layers' matrices take a quarter of fp32's bytes, the embedding table half
        assertTrue(run.bytes() < run.fp32Bytes() * 0.45, run.bytes() + " bytes against fp32's " + run.fp32Bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fp16WeightsFollowFp32CloserThanBf16(Path dir) {
        ModelFolder folder = ModelFolder.open(dir);
        Run fp16w = compareWithFp32(folder, Precision.FP16_WEIGHTS);
        Run bf16 = compareWithFp32(folder, Precision.BF16);
        // fp16 keeps 11 significant bits of a weight (bf16: 8) and the inputs are not rounded
        assertTrue(fp16w.parity().maxAbsLogitDifference() < bf16.parity().maxAbsLogitDifference() / 4,
                fp16w.parity().maxAbsLogitDifference() + " against bf16's " + bf16.parity().maxAbsLogitDifference());
        assertTrue(fp16w.parity().agreement() >= 0.99, "agreement " + fp16w.parity().agreement());
        // half of fp32's bytes, and a tied lm_head held twice (table and packed matrix): tiny models are mostly vocabulary
        assertTrue(fp16w.bytes() < fp16w.fp32Bytes() * 0.6, fp16w.bytes() + " bytes against " + fp16w.fp32Bytes());
    }

    private record Run(GreedyParity.Result parity, long bytes, long fp32Bytes, long parameters, long fp32Parameters) {
    }

    private static Run compareWithFp32(ModelFolder folder, Precision precision) {
        int vocab = folder.config().vocabSize();
        int[][] prompts = new int[8][];
        for (int i = 0; i < prompts.length; i++) {
            prompts[i] = new java.util.Random(100 + i).ints(4 + i, 3, vocab).toArray();
        }
        DeviceChoice cpu = DeviceChoice.choose("cpu");
        GreedyParity.Trace reference;
        long fp32Bytes;
        long fp32Parameters;
        try (WeightSource source = WeightSources.open(folder);
             IndexTransformer fp32 = IndexTransformer.load(source, folder.config(), cpu, Precision.FP32,
                     LoadProgress.IGNORE, Cancellation.NEVER)) {
            reference = GreedyParity.record(fp32, prompts, STEPS);
            fp32Bytes = fp32.weightBytes();
            fp32Parameters = fp32.parameterCount();
        }
        try (WeightSource source = WeightSources.open(folder);
             IndexTransformer reduced = IndexTransformer.load(source, folder.config(), cpu, precision,
                     LoadProgress.IGNORE, Cancellation.NEVER)) {
            GreedyParity.Result parity = GreedyParity.compare(reference, reduced);
            System.out.printf("%s: %s agrees with fp32 on %d of %d greedy steps, max abs logit difference %.4f%n",
                    folder.dir().getFileName(), precision.label(), parity.matching(), parity.steps(),
                    parity.maxAbsLogitDifference());
            assertEquals(8 * STEPS, parity.steps());
            assertTrue(parity.agreement() >= 0.95, "agreement " + parity.agreement());
            assertTrue(parity.maxAbsLogitDifference() > 0,
                    precision.label() + " must differ from fp32 somewhere: is it " + precision.label() + "?");
            assertEquals(fp32Parameters, reduced.parameterCount());
            return new Run(parity, reduced.weightBytes(), fp32Bytes, reduced.parameterCount(), fp32Parameters);
        }
    }

    @Test
    void autoPicksBf16OnlyOnACpuWithBf16DotProductsAndNeverInt8() {
        long big = 2_000_000_000L;
        PrecisionChoice vnni = PrecisionChoice.choose(null, false, Set.of("avx512_bf16", "avx512_vnni"), big);
        assertEquals(Precision.BF16, vnni.precision());
        assertTrue(vnni.reason().contains("int8 is faster and less exact"), vnni.reason());
        assertEquals(Precision.FP32, PrecisionChoice.choose(null, false, Set.of("avx2", "avx_vnni"), big).precision());
        assertEquals(Precision.BF16, PrecisionChoice.choose(null, false, Set.of("avx2", "avx512_bf16"), big).precision());
        assertEquals(Precision.BF16, PrecisionChoice.choose(null, false, Set.of("amx_bf16"), big).precision());
        PrecisionChoice plain = PrecisionChoice.choose(null, false, Set.of("avx2", "avx512f"), big);
        assertEquals(Precision.FP32, plain.precision());
        assertTrue(plain.reason().contains("no avx512_bf16"), plain.reason());
        PrecisionChoice small = PrecisionChoice.choose(null, false, Set.of("avx512_bf16", "avx512_vnni"), 67_744);
        assertEquals(Precision.FP32, small.precision());
        assertTrue(small.reason().contains("small model"), small.reason());
        assertEquals(Precision.FP16, PrecisionChoice.choose(null, true, Set.of("avx512_bf16"), big).precision());
        assertTrue(PrecisionChoice.choose(Precision.BF16, false, Set.of(), 1).reason().contains("emulates"));
        assertThrows(ModelLoadException.class, () -> PrecisionChoice.choose(Precision.BF16, true, Set.of(), big));
        assertThrows(ModelLoadException.class, () -> PrecisionChoice.choose(Precision.INT8, true, Set.of(), big));
        assertTrue(PrecisionChoice.choose(Precision.INT8, false, Set.of("avx2"), big).reason().contains("no VNNI"));
        // the Index-1.9B shape counts as about 2.2 B parameters (the random benchmark model: 2,172,819,456)
        assertEquals(2_172_819_456L, PrecisionChoice.parameters(
                RandomCheckpoint.indexShape(36, 2048, 5888, app.characterstudio.model.TensorType.BF16)), 20_000_000L);
        assertEquals(Set.of(), PrecisionChoice.cpuFlags(Path.of("/no/such/cpuinfo")));
    }
}
