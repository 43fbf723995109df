package app.characterstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFolderTest {
    @TempDir
    Path temp;

    @Test
    void readsEverySizeAndOptionOfTheConfig() {
        ModelFolder folder = ModelFolder.open(Fixtures.tinyIndex());
        ModelConfig c = folder.config();
        assertEquals("IndexForCausalLM", c.architecture());
        assertEquals(32, c.hiddenSize());
        assertEquals(2, c.layerCount());
        assertEquals(4, c.headCount());
        assertEquals(4, c.kvHeadCount());
        assertEquals(8, c.headDim());
        assertEquals(96, c.intermediateSize());
        assertEquals(640, c.vocabSize());
        assertEquals(256, c.maxPositions());
        assertEquals(1e-6f, c.rmsNormEps());
        assertEquals(10000f, c.ropeTheta());
        assertTrue(c.normHead());
        assertFalse(c.tieWordEmbeddings());
        assertFalse(c.attentionBias());
        assertEquals(TensorType.F32, c.torchDtype());
        assertEquals(List.of(WeightFormat.SAFETENSORS, WeightFormat.TORCH_BIN), folder.formats());
        assertEquals(WeightFormat.SAFETENSORS, folder.preferredFormat());
        assertEquals(Fixtures.tinyIndex().resolve("tokenizer.model"), folder.tokenizerFile());
    }

    @Test
    void findsShardedWeightsThroughTheirIndex() {
        ModelFolder bf16 = ModelFolder.open(Fixtures.tinyIndexBf16());
        assertEquals(TensorType.BF16, bf16.config().torchDtype());
        assertEquals(List.of(WeightFormat.SAFETENSORS_SHARDED, WeightFormat.TORCH_BIN), bf16.formats());
        assertEquals(List.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"),
                bf16.weightFiles(WeightFormat.SAFETENSORS_SHARDED).stream().map(p -> p.getFileName().toString()).toList());

        ModelFolder gqa = ModelFolder.open(Fixtures.tinyIndexGqa());
        assertEquals(2, gqa.config().kvHeadCount());
        assertEquals(TensorType.F16, gqa.config().torchDtype());
        assertEquals(List.of(WeightFormat.TORCH_BIN_SHARDED), gqa.formats());
        assertEquals(2, gqa.weightFiles(WeightFormat.TORCH_BIN_SHARDED).size());
        ModelLoadException noTokenizer = assertThrows(ModelLoadException.class, gqa::tokenizerFile);
        assertTrue(noTokenizer.getMessage().contains("missing file") && noTokenizer.getMessage().contains("tokenizer.model"));
    }

    @Test
    void refusesUnknownArchitecturesByName() throws IOException {
        Path dir = withConfig(config().replace("IndexForCausalLM", "MistralForCausalLM"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFolder.open(dir));
        assertTrue(e.getMessage().contains("MistralForCausalLM") && e.getMessage().contains("not supported"), e.getMessage());

        Path other = withConfig(config().replace("\"model_type\": \"index\"", "\"model_type\": \"qwen2\""));
        e = assertThrows(ModelLoadException.class, () -> ModelFolder.open(other));
        assertTrue(e.getMessage().contains("qwen2"), e.getMessage());
    }

    @Test
    void defaultsRopeThetaAndAttentionBiasWhenAbsent() throws IOException {
        String text = config().replace("\"rope_theta\": 10000.0,", "").replace("\"attention_bias\": false,", "")
                .replace("\"rms_norm_eps\": 1e-06", "\"rms_norm_eps\": 1e-05");
        ModelConfig c = ModelFolder.open(withConfig(text)).config();
        assertEquals(ModelConfigReader.DEFAULT_ROPE_THETA, c.ropeTheta());
        assertFalse(c.attentionBias());
        assertEquals(1e-5f, c.rmsNormEps());

        ModelConfig theta = ModelFolder.open(withConfig(config().replace("\"rope_theta\": 10000.0", "\"rope_theta\": 500000.0")))
                .config();
        assertEquals(500000f, theta.ropeTheta());
    }

    @Test
    void namesTheKeyThatIsMissingOrWrong() throws IOException {
        Path missing = withConfig(config().replace("\"hidden_size\": 32,", ""));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFolder.open(missing));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("hidden_size"), e.getMessage());

        Path heads = withConfig(config().replace("\"num_key_value_heads\": 4", "\"num_key_value_heads\": 3"));
        e = assertThrows(ModelLoadException.class, () -> ModelFolder.open(heads));
        assertTrue(e.getMessage().contains("num_key_value_heads 3"), e.getMessage());

        Path broken = withConfig("{\"architectures\": [\"IndexForCausalLM\"], ");
        e = assertThrows(ModelLoadException.class, () -> ModelFolder.open(broken));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void reportsMissingConfigAndMissingWeights() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFolder.open(empty));
        assertTrue(e.getMessage().contains("missing file") && e.getMessage().contains("config.json"), e.getMessage());

        Path noWeights = withConfig(config());
        e = assertThrows(ModelLoadException.class, () -> ModelFolder.open(noWeights.getParent().resolve("cfg-only")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        Files.delete(noWeights.resolve("model.safetensors"));
        e = assertThrows(ModelLoadException.class, () -> ModelFolder.open(noWeights));
        assertTrue(e.getMessage().contains("no weights"), e.getMessage());
    }

    private static String config() throws IOException {
        return Files.readString(Fixtures.tinyIndex().resolve("config.json"));
    }

    private Path withConfig(String text) throws IOException {
        Path dir = Files.createTempDirectory(temp, "model");
        Files.writeString(dir.resolve("config.json"), text);
        Files.copy(Fixtures.tinyIndex().resolve("model.safetensors"), dir.resolve("model.safetensors"));
        return dir;
    }
}
