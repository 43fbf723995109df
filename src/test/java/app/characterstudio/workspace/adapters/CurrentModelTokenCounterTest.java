package app.characterstudio.workspace.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.TinyModelFixture;
import app.characterstudio.chat.TokenCounter;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.model.run.ModelService;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurrentModelTokenCounterTest {
    @TempDir
    Path dir;

    @Test
    void estimatesWithoutAModelAndCountsExactlyWithTheLoadedOnesTokenizer() {
        Path models = dir.resolve("models");
        Path model = TinyModelFixture.copyWithContext(models, 2048);
        try (ModelService service = new ModelService(models)) {
            CurrentModelTokenCounter counter = new CurrentModelTokenCounter(service);
            String text = "以下是三三的人设：\n姓名：三三 hello";
            assertTrue(counter.estimated());
            assertEquals(TokenCounter.characterEstimate().count(text), counter.count(text));
            assertEquals(TokenCounter.DEFAULT_CONTEXT_LENGTH, counter.contextLength());

            service.load(model, LoadOptions.DEFAULTS, LoadProgress.IGNORE, Cancellation.NEVER);
            assertFalse(counter.estimated());
            assertEquals(service.current().orElseThrow().tokenizer().encode(text).length, counter.count(text));
            assertEquals(0, counter.count(""));
            assertEquals(2048, counter.contextLength());

            service.unload();
            assertTrue(counter.estimated(), "unloading falls back to the estimate");
        }
    }
}
