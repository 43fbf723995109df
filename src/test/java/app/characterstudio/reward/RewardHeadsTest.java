package app.characterstudio.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.model.Fixtures;
import app.characterstudio.model.ModelLoadException;
import app.characterstudio.model.TorchCheckpointSource;
import app.characterstudio.model.TensorConversions;
import app.characterstudio.model.MappedWeightSource;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.model.run.ModelService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is not a usable reward model is refused with a message naming the folder and the files. */
class RewardHeadsTest {
    @TempDir
    Path temp;

    private static ModelLoadException refused(Path dir) {
        return assertThrows(ModelLoadException.class, () -> RewardModelTest.open(dir).close());
    }

    /** The value head of the vhead fixture, read from its value_head.bin. */
    private static RewardFixtures.Tensor[] fixtureValueHead() {
        try (MappedWeightSource bin = TorchCheckpointSource.open(Fixtures.tinyRewardVhead().resolve("value_head.bin"))) {
            float[] weight = TensorConversions.toFloatArray(bin.data(RewardHeads.V_HEAD_WEIGHT),
                    bin.info(RewardHeads.V_HEAD_WEIGHT).type());
            float[] bias = TensorConversions.toFloatArray(bin.data(RewardHeads.V_HEAD_BIAS),
                    bin.info(RewardHeads.V_HEAD_BIAS).type());
            return new RewardFixtures.Tensor[] {new RewardFixtures.Tensor(new long[] {1, weight.length}, weight),
                new RewardFixtures.Tensor(new long[] {1}, bias)};
        }
    }

    /** A copy of the vhead fixture whose value_head.bin is replaced by a value_head.safetensors of {@code tensors}. */
    private Path vheadWithSafetensors(Map<String, RewardFixtures.Tensor> tensors) throws IOException {
        Path dir = Fixtures.copy(Fixtures.tinyRewardVhead(), temp);
        Files.delete(dir.resolve("value_head.bin"));
        RewardFixtures.writeSafetensors(dir.resolve("value_head.safetensors"), tensors);
        return dir;
    }

    /** A copy of the seqcls fixture with {@code from} replaced by {@code to} in its config.json. */
    private Path seqclsWithConfig(String from, String to) throws IOException {
        Path dir = Fixtures.copy(Fixtures.tinyRewardSeqcls(), temp);
        Path config = dir.resolve("config.json");
        String text = Files.readString(config);
        assertTrue(text.contains(from), from);
        Files.writeString(config, text.replace(from, to));
        return dir;
    }

    @Test
    void valueHeadSafetensorsScoresLikeTheBin() throws IOException {
        RewardFixtures.Tensor[] head = fixtureValueHead();
        Path dir = vheadWithSafetensors(RewardFixtures.valueHead(head[0].values(), head[1].values()[0]));
        RewardFixtures.Pair pair = RewardFixtures.reference(dir).get(0);
        try (RewardModel rm = RewardModelTest.open(dir)) {
            assertEquals("value_head.safetensors", rm.head().file().getFileName().toString());
            assertEquals(pair.score(), rm.score(pair.input()), 1e-4);
        }
    }

    @Test
    void aLoraAdapterWithoutMergedWeightsIsRefusedWithAHintToMerge() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("rm-lora"));
        Files.writeString(dir.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"r\": 8}");
        RewardFixtures.writeSafetensors(dir.resolve("adapter_model.safetensors"), Map.of(
                "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
                new RewardFixtures.Tensor(new long[] {1, 2}, new float[] {1, 2})));
        RewardFixtures.writeSafetensors(dir.resolve("value_head.safetensors"),
                RewardFixtures.valueHead(new float[32], 0f));
        ModelLoadException e = refused(dir);
        assertTrue(e.getMessage().contains("LoRA adapter"), e.getMessage());
        assertTrue(e.getMessage().contains("merge it"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void twoCandidateHeadsAreRefusedNamingBoth() {
        Path dir = Fixtures.copy(Fixtures.tinyRewardSeqcls(), temp);
        RewardFixtures.writeSafetensors(dir.resolve("value_head.safetensors"),
                RewardFixtures.valueHead(new float[32], 0f));
        ModelLoadException e = refused(dir);
        assertTrue(e.getMessage().contains("2 candidate reward heads"), e.getMessage());
        assertTrue(e.getMessage().contains("score.weight in model.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains("value_head.safetensors"), e.getMessage());
    }

    @Test
    void aHeadOfTheWrongShapeIsRefused() throws IOException {
        Path dir = vheadWithSafetensors(Map.of(
                RewardHeads.V_HEAD_WEIGHT, new RewardFixtures.Tensor(new long[] {2, 32}, new float[64]),
                RewardHeads.V_HEAD_BIAS, new RewardFixtures.Tensor(new long[] {2}, new float[2])));
        ModelLoadException e = refused(dir);
        assertTrue(e.getMessage().contains("has shape [2, 32] but a reward head is [1, 32]"), e.getMessage());
        assertTrue(e.getMessage().contains("value_head.safetensors"), e.getMessage());
    }

    @Test
    void aValueHeadFileWithoutTheHeadNamesWhatItHolds() throws IOException {
        Path dir = vheadWithSafetensors(Map.of(
                "summary.weight", new RewardFixtures.Tensor(new long[] {1, 32}, new float[32])));
        ModelLoadException e = refused(dir);
        assertTrue(e.getMessage().contains("[summary.weight]"), e.getMessage());
    }

    @Test
    void aChatModelHasNoRewardHead() {
        ModelLoadException e = refused(Fixtures.tinyIndex());
        assertTrue(e.getMessage().contains("holds no reward head"), e.getMessage());
        assertTrue(e.getMessage().contains("tensors outside the decoder in model.safetensors: none"), e.getMessage());
    }

    @Test
    void moreThanOneLabelIsRefused() throws IOException {
        ModelLoadException e = refused(seqclsWithConfig("\"num_labels\": 1", "\"num_labels\": 2"));
        assertTrue(e.getMessage().contains("declares 2 labels"), e.getMessage());
    }

    @Test
    void aTokenizerLargerThanTheVocabularyIsRefused() throws IOException {
        ModelLoadException e = refused(seqclsWithConfig("\"vocab_size\": 640", "\"vocab_size\": 600"));
        assertTrue(e.getMessage().contains("tokenizer.model has 640 pieces but config.json's vocab_size is 600"),
                e.getMessage());
    }

    @Test
    void theChatLoaderRefusesARewardModelAsSuch() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelService.open(
                Fixtures.tinyRewardSeqcls(), LoadOptions.DEFAULTS, LoadProgress.IGNORE, Cancellation.NEVER).close());
        assertTrue(e.getMessage().contains("IndexForSequenceClassification: a reward model"), e.getMessage());
        assertTrue(e.getMessage().contains("score --model"), e.getMessage());
    }
}
