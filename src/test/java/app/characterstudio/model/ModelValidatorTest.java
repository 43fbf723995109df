package app.characterstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing and misshapen tensors are reported by name before any compute; the process stays usable. */
class ModelValidatorTest {
    @TempDir
    Path temp;

    @Test
    void everyFixtureFitsItsConfigInEveryFormat() {
        for (Path dir : List.of(Fixtures.tinyIndex(), Fixtures.tinyIndexBf16(), Fixtures.tinyIndexGqa())) {
            ModelFolder folder = ModelFolder.open(dir);
            for (WeightFormat format : folder.formats()) {
                try (MappedWeightSource weights = WeightSources.open(folder, format)) {
                    assertEquals(List.of(), ModelValidator.problems(folder.config(), weights), dir + " " + format);
                    assertEquals(ModelValidator.expectedShapes(folder.config()).keySet(), weights.names());
                }
            }
        }
    }

    @Test
    void baichuanIsCheckedForItsFusedWpackAndItsAlibiVariantIsRefused() throws IOException {
        ModelFolder wpack = ModelFolder.open(Fixtures.tinyRewardWpack());
        try (MappedWeightSource weights = WeightSources.open(wpack, wpack.preferredFormat())) {
            assertTrue(wpack.config().packedQkv());
            assertEquals(List.of(), ModelValidator.problems(wpack.config(), weights));
        }
        Path dir = Fixtures.copy(Fixtures.tinyRewardWpack(), temp);
        editConfig(dir, "num_key_value_heads", 2);
        ModelFolder misfit = ModelFolder.open(dir);
        try (MappedWeightSource weights = WeightSources.open(misfit, misfit.preferredFormat())) {
            assertTrue(ModelValidator.problems(misfit.config(), weights).stream()
                    .anyMatch(p -> p.startsWith("tensor model.layers.0.self_attn.W_pack.weight has shape")),
                    ModelValidator.problems(misfit.config(), weights).toString());
        }
        Path alibi = Fixtures.copy(Fixtures.tinyRewardWpack(), Files.createDirectories(temp.resolve("alibi")));
        com.fasterxml.jackson.databind.node.ObjectNode config = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(alibi.resolve("config.json").toFile());
        config.remove("max_position_embeddings");
        Files.writeString(alibi.resolve("config.json"), config.toString());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFolder.open(alibi));
        assertTrue(e.getMessage().contains("ALiBi"), e.getMessage());
    }

    @Test
    void namesEveryTensorWhoseShapeDisagreesWithTheConfig() throws IOException {
        Path dir = Fixtures.copy(Fixtures.tinyIndex(), temp);
        editConfig(dir, "intermediate_size", 100);
        ModelFolder folder = ModelFolder.open(dir);
        try (MappedWeightSource weights = WeightSources.open(folder)) {
            ModelLoadException e = assertThrows(ModelLoadException.class,
                    () -> ModelValidator.validate(folder.config(), weights, weights.description()));
            assertTrue(e.getMessage().startsWith(dir.resolve("model.safetensors") + " does not fit config.json (6 problems)"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("tensor model.layers.1.mlp.down_proj.weight has shape [32, 96] but "
                    + "config.json implies [32, 100]"), e.getMessage());
        }
        // the same JVM goes on loading a good folder
        ModelFolder good = ModelFolder.open(Fixtures.tinyIndex());
        try (MappedWeightSource weights = WeightSources.open(good)) {
            ModelValidator.validate(good.config(), weights, weights.description());
        }
    }

    @Test
    void namesMissingTensors() throws IOException {
        Path dir = Fixtures.copy(Fixtures.tinyIndex(), temp);
        Files.delete(dir.resolve("pytorch_model.bin"));
        dropTensor(dir.resolve("model.safetensors"), "lm_head.weight");
        ModelFolder folder = ModelFolder.open(dir);
        try (MappedWeightSource weights = WeightSources.open(folder)) {
            assertEquals(List.of("missing tensor lm_head.weight"), ModelValidator.problems(folder.config(), weights));
        }
        editConfig(dir, "num_hidden_layers", 3);
        ModelFolder deeper = ModelFolder.open(dir);
        try (MappedWeightSource weights = WeightSources.open(deeper)) {
            List<String> problems = ModelValidator.problems(deeper.config(), weights);
            assertEquals(10, problems.size());
            assertTrue(problems.contains("missing tensor model.layers.2.self_attn.q_proj.weight"), problems.toString());
        }
        editConfig(dir, "tie_word_embeddings", true);
        editConfig(dir, "num_hidden_layers", 2);
        ModelFolder tied = ModelFolder.open(dir);
        try (MappedWeightSource weights = WeightSources.open(tied)) {
            assertEquals(List.of(), ModelValidator.problems(tied.config(), weights));
        }
    }

    @Test
    void refusesATokenizerWithMoreIdsThanTheEmbedding() {
        ModelConfig config = ModelFolder.open(Fixtures.tinyIndex()).config();
        ModelValidator.validateTokenizer(config, 640, "tokenizer.model");
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ModelValidator.validateTokenizer(config, 700, "/m/tokenizer.model"));
        assertTrue(e.getMessage().contains("/m/tokenizer.model has 700 pieces") && e.getMessage().contains("640"));
    }

    @Test
    void summarisesAFolderWithoutReadingWeights() {
        ModelSummary summary = ModelSummary.of(ModelFolder.open(Fixtures.tinyIndex()));
        // 2 x vocab x hidden + layers x (4 hidden^2 + 3 hidden x intermediate + 2 hidden) + hidden
        assertEquals(640 * 32 * 2 + 2 * (4 * 32 * 32 + 3 * 32 * 96 + 2 * 32) + 32, summary.parameterCount());
        assertEquals(java.util.Set.of(TensorType.F32), summary.dtypes());
        assertEquals(WeightFormat.SAFETENSORS, summary.format());
        assertEquals(List.of("config.json", "model.safetensors", "tokenizer.model"),
                summary.files().stream().map(ModelSummary.FileEntry::name).toList());
        assertEquals(640, summary.tokenizerSize());
        assertEquals(21, summary.tensorCount());
        assertTrue(summary.loadable());

        ModelSummary gqa = ModelSummary.of(ModelFolder.open(Fixtures.tinyIndexGqa()));
        assertFalse(gqa.loadable());
        assertEquals(List.of("missing file " + Fixtures.tinyIndexGqa().resolve("tokenizer.model")), gqa.problems());
        assertEquals(List.of("config.json", "pytorch_model.bin.index.json", "pytorch_model-00001-of-00002.bin",
                "pytorch_model-00002-of-00002.bin"), gqa.files().stream().map(ModelSummary.FileEntry::name).toList());
    }

    private static void editConfig(Path dir, String key, Object value) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode config = (ObjectNode) mapper.readTree(dir.resolve("config.json").toFile());
        config.set(key, mapper.valueToTree(value));
        mapper.writeValue(dir.resolve("config.json").toFile(), config);
    }

    /** Rewrites a safetensors header without one entry (its bytes stay, unused). */
    static void dropTensor(Path file, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buffer.getLong(0);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode header = (ObjectNode) mapper.readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
        header.remove(name);
        byte[] json = mapper.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[headerLength];
        java.util.Arrays.fill(padded, (byte) ' ');
        System.arraycopy(json, 0, padded, 0, json.length);
        System.arraycopy(padded, 0, bytes, 8, headerLength);
        Files.write(file, bytes);
    }
}
