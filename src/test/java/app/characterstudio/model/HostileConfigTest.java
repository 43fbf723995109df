package app.characterstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, item 8: config.json sizes are bounded by what the weight files can hold. */
class HostileConfigTest {
    @TempDir
    Path temp;

    /** The tiny model's folder with one config value replaced. */
    static Path tinyWith(Path parent, String key, String value) throws IOException {
        Path dir = Fixtures.copy(Fixtures.tinyIndex(), parent);
        Path config = dir.resolve("config.json");
        String text = Files.readString(config);
        String replaced = text.replaceFirst("\"" + key + "\"\\s*:\\s*[^,}\\n]+", "\"" + key + "\": " + value);
        if (replaced.equals(text)) {
            throw new IllegalStateException(key + " not in " + config);
        }
        Files.writeString(config, replaced);
        return dir;
    }

    private ModelLoadException refused(String key, String value) throws IOException {
        Path dir = tinyWith(temp.resolve(key + value), key, value);
        ModelLoadException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(ModelLoadException.class, () -> ModelFolder.open(dir)));
        assertTrue(e.getMessage().startsWith(dir.resolve("config.json").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains("hold only"), e.getMessage());
        return e;
    }

    @Test
    void aBillionLayersIsMoreThanTheWeightsHold() throws IOException {
        refused("num_hidden_layers", "1000000000");
    }

    @Test
    void sizesUpTo2To31AreBoundedWithoutOverflow() throws IOException {
        refused("vocab_size", "2147483647");
        refused("intermediate_size", "2147483647");
        refused("hidden_size", "1073741824");
        refused("num_hidden_layers", "2147483647");
    }

    @Test
    void theTinyModelItselfStillFits() {
        ModelFolder folder = ModelFolder.open(Fixtures.tinyIndex());
        assertTrue(folder.config().minimumWeightBytes() <= ModelFolder.weightBytesOnDisk(folder.dir()));
        assertEquals(Long.MAX_VALUE, new ModelConfig("IndexForCausalLM", Integer.MAX_VALUE, Integer.MAX_VALUE, 1, 1,
                Integer.MAX_VALUE, Integer.MAX_VALUE, 1, 1e-6f, 1e4f, false, false, false, TensorType.F32)
                .minimumWeightBytes());
    }
}
