package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.model.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code score} and {@code model info} on the tiny reward fixtures (scores from their reference.json). */
class ScoreCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path workspace;

    private static JsonNode pair(Path folder, int index) throws IOException {
        return MAPPER.readTree(folder.resolve("reference.json").toFile()).get("pairs").get(index);
    }

    @Test
    void scoreJsonPrintsTheReferenceScoreOfOnePair() throws IOException {
        for (Path rm : new Path[] {Fixtures.tinyRewardSeqcls(), Fixtures.tinyRewardVhead()}) {
            JsonNode pair = pair(rm, 0);
            CliRunner.Result result = new CliRunner(workspace).run("score", "--model", rm.toString(), "--device", "cpu",
                    "--prompt", pair.get("prompt").asText(), "--reply", pair.get("reply").asText(), "--json");
            assertEquals(0, result.exitCode(), result.toString());
            JsonNode json = MAPPER.readTree(result.out());
            assertEquals(1, json.size(), result.out());
            assertEquals(pair.get("score").asDouble(), json.get("score").asDouble(), 1e-4, rm.toString());
        }
    }

    @Test
    void severalRepliesUnderModelsAreScoredInOrder() throws IOException {
        Fixtures.copy(Fixtures.tinyRewardSeqcls(), Files.createDirectories(workspace.resolve("models")));
        // two replies to pair 1's prompt, the second being its own reply: the score lands in the right place
        JsonNode pair = pair(Fixtures.tinyRewardSeqcls(), 1);
        CliRunner runner = new CliRunner(workspace);
        CliRunner.Result result = runner.run("score", "--model", "tiny-reward-seqcls", "--device", "cpu",
                "--prompt", pair.get("prompt").asText(), "--reply", "anything else", "--reply",
                pair.get("reply").asText(), "--json");
        assertEquals(0, result.exitCode(), result.toString());
        JsonNode scores = MAPPER.readTree(result.out()).get("scores");
        assertEquals(2, scores.size(), result.out());
        assertEquals(pair.get("score").asDouble(), scores.get(1).asDouble(), 1e-4);
        CliRunner.Result text = runner.run("score", "--model", "tiny-reward-seqcls", "--device", "cpu",
                "--prompt", pair.get("prompt").asText(), "--reply", pair.get("reply").asText());
        String[] line = text.out().strip().split("  ", 2);
        assertEquals(pair.get("score").asDouble(), Double.parseDouble(line[0]), 1e-4, text.out());
        assertEquals(pair.get("reply").asText(), line[1], text.out());
    }

    @Test
    void benchScorePutsBatchSizesSideBySide() {
        CliRunner.Result result = new CliRunner(workspace).run("bench", "score", "--model",
                Fixtures.tinyRewardWpack().toString(), "--device", "cpu", "--replies", "4", "--prompt-tokens", "20",
                "--batch", "1,2");
        assertEquals(0, result.exitCode(), result.toString());
        String[] lines = result.out().strip().split("\n");
        assertEquals(4, lines.length, result.out());
        assertTrue(lines[0].startsWith("tiny-reward-wpack on cpu (FP32): 4 texts of "), lines[0]);
        assertTrue(lines[2].strip().startsWith("1 ") && lines[2].strip().endsWith("1.00x"), lines[2]);
        assertTrue(lines[3].strip().startsWith("2 "), lines[3]);
        CliRunner.Result bad = new CliRunner(workspace).run("bench", "score", "--model",
                Fixtures.tinyRewardWpack().toString(), "--batch", "0");
        assertEquals(2, bad.exitCode(), bad.toString());
    }

    @Test
    void aLoraAdapterIsRefusedWithAHintToMerge() throws IOException {
        Path lora = Files.createDirectories(workspace.resolve("rm-lora"));
        Files.writeString(lora.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\"}");
        Files.write(lora.resolve("adapter_model.safetensors"), new byte[16]);
        CliRunner.Result result = new CliRunner(workspace).run("score", "--model", lora.toString(),
                "--prompt", "p", "--reply", "r", "--json");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("LoRA adapter") && result.err().contains("merge it"), result.err());
        CliRunner.Result info = new CliRunner(workspace).run("model", "info", lora.toString());
        assertEquals(2, info.exitCode(), info.toString());
        assertTrue(info.err().contains("LoRA adapter"), info.err());
    }

    @Test
    void modelInfoSaysRewardModelAndWhichHead() throws IOException {
        CliRunner runner = new CliRunner(workspace);
        CliRunner.Result seqcls = runner.run("model", "info", Fixtures.tinyRewardSeqcls().toString());
        assertEquals(0, seqcls.exitCode(), seqcls.toString());
        assertTrue(seqcls.out().contains("kind          reward model"), seqcls.out());
        assertTrue(seqcls.out().contains("reward head   score.weight [1, 32], no bias (Hugging Face "
                + "*ForSequenceClassification, num_labels 1) in model.safetensors"), seqcls.out());

        CliRunner.Result vhead = runner.run("model", "info", Fixtures.tinyRewardVhead().toString(), "--json");
        assertEquals(0, vhead.exitCode(), vhead.toString());
        JsonNode json = MAPPER.readTree(vhead.out());
        assertEquals("reward model", json.get("kind").asText());
        assertEquals("value_head", json.get("reward_head").get("layout").asText());
        assertEquals("v_head.summary.weight", json.get("reward_head").get("weight").asText());
        assertEquals("value_head.bin", json.get("reward_head").get("file").asText());
        assertTrue(json.get("reward_head").get("bias").asBoolean());

        CliRunner.Result chat = runner.run("model", "info", Fixtures.tinyIndex().toString());
        assertTrue(chat.out().contains("kind          chat model"), chat.out());
        assertTrue(!chat.out().contains("reward head"), chat.out());

        Path twoHeads = Fixtures.copy(Fixtures.tinyRewardSeqcls(), workspace);
        Files.copy(Fixtures.tinyRewardVhead().resolve("value_head.bin"), twoHeads.resolve("value_head.bin"));
        CliRunner.Result refused = runner.run("model", "info", twoHeads.toString());
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.out().contains("kind          reward model"), refused.out());
        assertTrue(refused.out().contains("2 candidate reward heads"), refused.out());
    }

    @Test
    void helpDescribesWhatTheModelReads() {
        CliRunner.Result help = new CliRunner(workspace).run("score", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--reply") && help.out().contains("immediately followed by REPLY")
                && help.out().contains("value_head.safetensors"), help.out());
    }
}
