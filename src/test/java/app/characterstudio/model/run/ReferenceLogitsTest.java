package app.characterstudio.model.run;

import static app.characterstudio.model.run.IndexTransformerTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import app.characterstudio.OfflineMode;
import app.characterstudio.model.Fixtures;
import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.WeightFormat;
import app.characterstudio.model.WeightSource;
import app.characterstudio.model.WeightSources;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The transformer against a plain PyTorch forward pass (src/test/fixtures/make_tiny_index_model.py), fp32. */
class ReferenceLogitsTest {

    @BeforeAll
    static void offline() {
        OfflineMode.enforce();
    }

    static Stream<Arguments> checkpoints() {
        return Stream.of(
                Arguments.of(Fixtures.tinyIndex(), WeightFormat.SAFETENSORS),
                Arguments.of(Fixtures.tinyIndex(), WeightFormat.TORCH_BIN),
                Arguments.of(Fixtures.tinyIndexBf16(), WeightFormat.SAFETENSORS_SHARDED),
                Arguments.of(Fixtures.tinyIndexBf16(), WeightFormat.TORCH_BIN),
                Arguments.of(Fixtures.tinyIndexGqa(), WeightFormat.TORCH_BIN_SHARDED),
                Arguments.of(Fixtures.tinyIndexBias(), WeightFormat.SAFETENSORS),
                Arguments.of(Fixtures.tinyIndexTied(), WeightFormat.SAFETENSORS));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("checkpoints")
    void logitsAndGreedyContinuationsMatchPyTorch(Path dir, WeightFormat format) throws IOException {
        checkAgainstPyTorch(dir, format);
    }

    /** q, k and v fused into one product (the GPU's layout) give the same logits. */
    @ParameterizedTest(name = "fused q/k/v {0} {1}")
    @MethodSource("checkpoints")
    void fusedQkvMatchesPyTorch(Path dir, WeightFormat format) throws IOException {
        String before = System.getProperty("characterstudio.fuseQkv");
        System.setProperty("characterstudio.fuseQkv", "true");
        try {
            checkAgainstPyTorch(dir, format);
        } finally {
            if (before == null) {
                System.clearProperty("characterstudio.fuseQkv");
            } else {
                System.setProperty("characterstudio.fuseQkv", before);
            }
        }
    }

    private static void checkAgainstPyTorch(Path dir, WeightFormat format) throws IOException {
        JsonNode reference = new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
        ModelFolder folder = ModelFolder.open(dir);
        float tolerance = (float) reference.get("tolerance").asDouble();
        try (WeightSource source = WeightSources.open(folder, format);
             IndexTransformer model = IndexTransformer.load(source, folder.config(), TestDevice.choice(),
                     Precision.FP32, LoadProgress.IGNORE, Cancellation.NEVER)) {
            for (JsonNode prompt : reference.get("prompts")) {
                int[] ids = ints(prompt.get("ids"));
                float[][] all = IndexTransformerTest.prefillAll(model, ids);
                assertClose(floats(prompt.get("last_logits")), all[ids.length - 1], tolerance);
                if (prompt.has("all_logits")) {
                    JsonNode rows = prompt.get("all_logits");
                    for (int t = 0; t < rows.size(); t++) {
                        assertClose(floats(rows.get(t)), all[t], tolerance);
                    }
                }
                assertArrayEquals(ints(prompt.get("greedy")), greedy(model, ids, prompt.get("greedy").size()),
                        "greedy continuation of: " + prompt.get("text").asText());
            }
        }
    }

    /**
     * fp16 compute (the GPU default) against the same fp32 reference: every logit within 0.05, and the same next
     * token wherever the reference's best two logits are further apart than twice that.
     */
    @ParameterizedTest(name = "fp16 {0} {1}")
    @MethodSource("checkpoints")
    void fp16LogitsStayCloseToPyTorch(Path dir, WeightFormat format) throws IOException {
        JsonNode reference = new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
        ModelFolder folder = ModelFolder.open(dir);
        float tolerance = 0.05f;
        try (WeightSource source = WeightSources.open(folder, format);
             IndexTransformer model = IndexTransformer.load(source, folder.config(), TestDevice.choice(),
                     Precision.FP16, LoadProgress.IGNORE, Cancellation.NEVER)) {
            for (JsonNode prompt : reference.get("prompts")) {
                int[] ids = ints(prompt.get("ids"));
                float[] expected = floats(prompt.get("last_logits"));
                float[] actual = IndexTransformerTest.prefillAll(model, ids)[ids.length - 1];
                assertClose(expected, actual, tolerance);
                if (topTwoGap(expected) > 2 * tolerance) {
                    assertEquals(TokenSampler.argMax(expected), TokenSampler.argMax(actual),
                            "next token after: " + prompt.get("text").asText());
                }
            }
        }
    }

    private static float topTwoGap(float[] logits) {
        float first = Float.NEGATIVE_INFINITY;
        float second = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            if (v > first) {
                second = first;
                first = v;
            } else if (v > second) {
                second = v;
            }
        }
        return first - second;
    }

    /** Argmax decoding through the KV cache, as the generator does it. */
    static int[] greedy(IndexTransformer model, int[] prompt, int steps) {
        int[] out = new int[steps];
        try (KvCache cache = model.newCache(1, prompt.length + steps)) {
            float[] row;
            try (NDManager step = model.newStepManager()) {
                row = model.forward(step, IndexTransformerTest.tokens(step, 1, prompt), cache, 0, false).toFloatArray();
            }
            for (int i = 0; i < steps; i++) {
                out[i] = TokenSampler.argMax(row);
                try (NDManager step = model.newStepManager()) {
                    row = model.forward(step, IndexTransformerTest.tokens(step, 1, out[i]), cache, prompt.length + i,
                            false).toFloatArray();
                }
            }
        }
        return out;
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        assertEquals(array.size(), out.length);
        return out;
    }
}
