package app.characterstudio.model.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.OfflineMode;
import app.characterstudio.model.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 8: max_position_embeddings of 2x10^7 or 2^31-1 loads and generates; the rotary table
 * is sized by the context actually used, not allocated for the model's maximum.
 */
class LongContextConfigTest {
    @TempDir
    Path temp;

    @BeforeAll
    static void offline() {
        OfflineMode.enforce();
    }

    private Path tinyWithMaxPositions(String value) throws Exception {
        Path dir = Fixtures.copy(Fixtures.tinyIndex(), temp.resolve(value));
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"max_position_embeddings\": 256",
                "\"max_position_embeddings\": " + value));
        return dir;
    }

    @Test
    void hugeMaxPositionEmbeddingsLoadAndGenerateWithATableSizedByUse() throws Exception {
        for (String value : List.of("20000000", "2147483647")) {
            try (LoadedModel model = ModelService.open(tinyWithMaxPositions(value), LoadOptions.DEFAULTS,
                    (done, total, what) -> { }, Cancellation.NEVER)) {
                assertEquals(Integer.parseInt(value), model.config().maxPositions());
                IndexTransformer transformer = model.transformer();
                assertEquals(IndexTransformer.FIRST_ROTARY_POSITIONS, transformer.rotaryPositions());
                SamplingParams params = SamplingParams.DEFAULTS.withSeed(3L).withMaxNewTokens(5);
                List<Completion> completions = model.generator().generate("user:你好！\n小明:", params, 1,
                        GenerationListener.IGNORE, Cancellation.NEVER);
                assertEquals(1, completions.size());
                transformer.newCache(1, 5000).close(); // the rotary table grows for the cache and stays
                assertEquals(5000, transformer.rotaryPositions(), "grown to what the cache needs");
                assertTrue(transformer.rotaryPositions() < 10_000);
            }
        }
    }
}
