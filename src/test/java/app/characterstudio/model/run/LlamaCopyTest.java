package app.characterstudio.model.run;

import static app.characterstudio.model.run.IndexTransformerTest.assertClose;
import static app.characterstudio.model.run.ReferenceLogitsTest.floats;
import static app.characterstudio.model.run.ReferenceLogitsTest.greedy;
import static app.characterstudio.model.run.ReferenceLogitsTest.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.OfflineMode;
import app.characterstudio.model.Fixtures;
import app.characterstudio.model.ModelConfig;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Llama-layout copies that the README's converter makes for inference servers ({@code docs/convert_index_to_llama.py},
 * run on the fixtures by {@code src/test/fixtures/make_llama_copies.py}): the engine loads each as a plain
 * {@code LlamaForCausalLM}, no norm head, and gets the original Index fixture's logits and greedy tokens.
 */
class LlamaCopyTest {
    @BeforeAll
    static void offline() {
        OfflineMode.enforce();
    }

    static Stream<Arguments> copies() {
        return Stream.of(
                Arguments.of(Fixtures.tinyIndex(), WeightFormat.SAFETENSORS),
                Arguments.of(Fixtures.tinyIndex(), WeightFormat.TORCH_BIN),
                Arguments.of(Fixtures.tinyIndexTied(), WeightFormat.SAFETENSORS));
    }

    @ParameterizedTest(name = "copy of {0} {1}")
    @MethodSource("copies")
    void theCopyIsPlainLlamaWithTheOriginalsLogitsAndGreedyTokens(Path original, WeightFormat format) throws IOException {
        ModelFolder folder = ModelFolder.open(Fixtures.llamaCopy(original));
        ModelConfig config = folder.config();
        assertEquals("LlamaForCausalLM", config.architecture());
        assertFalse(config.normHead(), "the head is normalised in the weights, not at load");
        assertFalse(config.tieWordEmbeddings(), "a tied head becomes a head of its own");
        JsonNode reference = reference(original);
        float tolerance = (float) reference.get("tolerance").asDouble();
        try (WeightSource source = WeightSources.open(folder, format);
             IndexTransformer model = IndexTransformer.load(source, config, TestDevice.choice(), Precision.FP32,
                     LoadProgress.IGNORE, Cancellation.NEVER)) {
            for (JsonNode prompt : reference.get("prompts")) {
                int[] ids = ints(prompt.get("ids"));
                assertClose(floats(prompt.get("last_logits")), IndexTransformerTest.prefillAll(model, ids)[ids.length - 1],
                        tolerance);
                assertArrayEquals(ints(prompt.get("greedy")), greedy(model, ids, prompt.get("greedy").size()),
                        "greedy continuation of: " + prompt.get("text").asText());
            }
        }
    }

    /**
     * The bf16 copy's head is normalised in float32 and rounded to bf16 once, as a server then holds it; the engine
     * normalises the original's bf16 rows in float32 and keeps them so. Logits stay within 0.02 of the original's,
     * and the greedy tokens agree (the fixture's greedy steps are chosen with a margin of at least 0.0037).
     */
    @ParameterizedTest(name = "tiny-index-bf16-llama {0}")
    @MethodSource("bf16Formats")
    void theBf16CopyStaysCloseToTheOriginal(WeightFormat format) throws IOException {
        ModelFolder folder = ModelFolder.open(Fixtures.llamaCopy(Fixtures.tinyIndexBf16()));
        assertFalse(folder.config().normHead());
        JsonNode reference = reference(Fixtures.tinyIndexBf16());
        try (WeightSource source = WeightSources.open(folder, format);
             IndexTransformer model = IndexTransformer.load(source, folder.config(), TestDevice.choice(), Precision.FP32,
                     LoadProgress.IGNORE, Cancellation.NEVER)) {
            for (JsonNode prompt : reference.get("prompts")) {
                int[] ids = ints(prompt.get("ids"));
                float[] actual = IndexTransformerTest.prefillAll(model, ids)[ids.length - 1];
                assertClose(floats(prompt.get("last_logits")), actual, 0.02f);
                assertArrayEquals(ints(prompt.get("greedy")), greedy(model, ids, prompt.get("greedy").size()),
                        "greedy continuation of: " + prompt.get("text").asText());
            }
        }
    }

    static Stream<WeightFormat> bf16Formats() {
        return Stream.of(WeightFormat.SAFETENSORS, WeightFormat.TORCH_BIN);
    }

    /** What the README warns of: Index's weights run as plain Llama, the head not normalised, give other logits. */
    @Test
    void theOriginalRunAsPlainLlamaWithoutTheNormHeadDoesNotMatch() throws IOException {
        ModelFolder folder = ModelFolder.open(Fixtures.tinyIndex());
        ModelConfig index = folder.config();
        assertTrue(index.normHead());
        ModelConfig plain = new ModelConfig("LlamaForCausalLM", index.hiddenSize(), index.layerCount(), index.headCount(),
                index.kvHeadCount(), index.intermediateSize(), index.vocabSize(), index.maxPositions(), index.rmsNormEps(),
                index.ropeTheta(), false, index.tieWordEmbeddings(), index.attentionBias(), index.torchDtype());
        JsonNode prompt = reference(Fixtures.tinyIndex()).get("prompts").get(0);
        int[] ids = ints(prompt.get("ids"));
        try (WeightSource source = WeightSources.open(folder, WeightFormat.SAFETENSORS);
             IndexTransformer model = IndexTransformer.load(source, plain, TestDevice.choice(), Precision.FP32,
                     LoadProgress.IGNORE, Cancellation.NEVER)) {
            float[] expected = floats(prompt.get("last_logits"));
            float[] actual = IndexTransformerTest.prefillAll(model, ids)[ids.length - 1];
            float worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
            }
            assertTrue(worst > 0.1f, "without the norm head the logits differ by " + worst);
        }
    }

    private static JsonNode reference(Path original) throws IOException {
        return new ObjectMapper().readTree(original.resolve("reference.json").toFile());
    }
}
