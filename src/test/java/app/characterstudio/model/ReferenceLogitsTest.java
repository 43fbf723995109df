package app.characterstudio.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End to end for loading: the tensors of every fixture, in every format and dtype, reproduce the PyTorch
 * reference logits (to 1e-4) and greedy continuations of reference.json through a plain forward pass.
 */
class ReferenceLogitsTest {
    static Stream<Arguments> folders() {
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
    @MethodSource("folders")
    void loadedWeightsReproduceTheReference(Path dir, WeightFormat format) throws IOException {
        ModelFolder folder = ModelFolder.open(dir);
        JsonNode reference = new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
        ReferenceForward forward;
        try (MappedWeightSource weights = WeightSources.open(folder, format)) {
            ModelValidator.validate(folder.config(), weights, weights.description());
            forward = new ReferenceForward(folder.config(), weights);
        }
        double tolerance = reference.get("tolerance").asDouble();
        for (JsonNode prompt : reference.get("prompts")) {
            int[] ids = ints(prompt.get("ids"));
            float[][] logits = forward.logits(ids);
            assertClose(prompt.get("last_logits"), logits[ids.length - 1], tolerance, "last position");
            if (prompt.has("all_logits")) {
                for (int t = 0; t < ids.length; t++) {
                    assertClose(prompt.get("all_logits").get(t), logits[t], tolerance, "position " + t);
                }
            }
            int[] sequence = Arrays.copyOf(ids, ids.length + reference.get("greedy_steps").asInt());
            for (int step = 0; step < reference.get("greedy_steps").asInt(); step++) {
                float[] last = forward.logits(Arrays.copyOf(sequence, ids.length + step))[ids.length + step - 1];
                sequence[ids.length + step] = argmax(last);
            }
            assertArrayEquals(ints(prompt.get("greedy")), Arrays.copyOfRange(sequence, ids.length, sequence.length),
                    prompt.get("text").asText());
        }
    }

    private static void assertClose(JsonNode expected, float[] actual, double tolerance, String where) {
        assertEquals(expected.size(), actual.length, where);
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected.get(i).asDouble(), actual[i], tolerance, where + ", token " + i);
        }
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }
}
