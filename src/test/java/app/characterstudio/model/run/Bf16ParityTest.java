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

/** bf16 compute on the CPU ({@link Bf16Kernels}) against fp32 on the fixture models: 8 prompts, 64 greedy steps. */
class Bf16ParityTest {
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
        int vocab = folder.config().vocabSize();
        int[][] prompts = new int[8][];
        for (int i = 0; i < prompts.length; i++) {
            prompts[i] = new java.util.Random(100 + i).ints(4 + i, 3, vocab).toArray();
        }
        DeviceChoice cpu = DeviceChoice.choose("cpu");
        GreedyParity.Trace reference;
        try (WeightSource source = WeightSources.open(folder);
             IndexTransformer fp32 = IndexTransformer.load(source, folder.config(), cpu, Precision.FP32,
                     LoadProgress.IGNORE, Cancellation.NEVER)) {
            reference = GreedyParity.record(fp32, prompts, STEPS);
        }
        try (WeightSource source = WeightSources.open(folder);
             IndexTransformer bf16 = IndexTransformer.load(source, folder.config(), cpu, Precision.BF16,
                     LoadProgress.IGNORE, Cancellation.NEVER)) {
            GreedyParity.Result parity = GreedyParity.compare(reference, bf16);
            System.out.printf("%s: bf16 agrees with fp32 on %d of %d greedy steps, max abs logit difference %.4f%n",
                    dir.getFileName(), parity.matching(), parity.steps(), parity.maxAbsLogitDifference());
            assertEquals(8 * STEPS, parity.steps());
            assertTrue(parity.agreement() >= 0.95, "agreement " + parity.agreement());
            // bf16 keeps 8 significant bits: the logits move, but not by whole units
            assertTrue(parity.maxAbsLogitDifference() > 0, "bf16 must differ from fp32 somewhere: is it bf16?");
            assertTrue(parity.maxAbsLogitDifference() < 0.5, "max abs logit difference " + parity.maxAbsLogitDifference());
            assertEquals(bf16.weightBytes() / 2, bf16.parameterCount());
        }
    }

    @Test
    void autoPicksBf16OnlyOnACpuWithBf16DotProducts() {
        long big = 2_000_000_000L;
        assertEquals(Precision.BF16, PrecisionChoice.choose(null, false, Set.of("avx2", "avx512_bf16"), big).precision());
        assertEquals(Precision.BF16, PrecisionChoice.choose(null, false, Set.of("amx_bf16"), big).precision());
        PrecisionChoice plain = PrecisionChoice.choose(null, false, Set.of("avx2", "avx512f"), big);
        assertEquals(Precision.FP32, plain.precision());
        assertTrue(plain.reason().contains("no avx512_bf16"), plain.reason());
        PrecisionChoice small = PrecisionChoice.choose(null, false, Set.of("avx512_bf16"), 67_744);
        assertEquals(Precision.FP32, small.precision());
        assertTrue(small.reason().contains("small model"), small.reason());
        assertEquals(Precision.FP16, PrecisionChoice.choose(null, true, Set.of("avx512_bf16"), big).precision());
        assertTrue(PrecisionChoice.choose(Precision.BF16, false, Set.of(), 1).reason().contains("emulates"));
        assertThrows(ModelLoadException.class, () -> PrecisionChoice.choose(Precision.BF16, true, Set.of(), big));
        // the Index-1.9B shape counts as about 2.2 B parameters (the random benchmark model: 2,172,819,456)
        assertEquals(2_172_819_456L, PrecisionChoice.parameters(
                RandomCheckpoint.indexShape(36, 2048, 5888, app.characterstudio.model.TensorType.BF16)), 20_000_000L);
        assertEquals(Set.of(), PrecisionChoice.cpuFlags(Path.of("/no/such/cpuinfo")));
    }
}
