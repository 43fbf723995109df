package app.characterstudio.chat;

import app.characterstudio.model.run.LoadedModel;
import app.characterstudio.model.run.ModelService;
import java.util.Optional;

/**
 * Counts tokens with the loaded model's tokenizer and budgets against its context; while no model is
 * loaded, falls back to the character estimate (and says so through {@link #estimated()}).
 */
public final class CurrentModelTokenCounter implements TokenCounter {
    private final ModelService models;
    private final TokenCounter fallback = TokenCounter.characterEstimate();

    public CurrentModelTokenCounter(ModelService models) {
        this.models = models;
    }

    @Override
    public int count(String text) {
        Optional<LoadedModel> model = models.current();
        return model.isPresent() ? model.get().tokenizer().encode(text).length : fallback.count(text);
    }

    @Override
    public int contextLength() {
        return models.current().map(m -> m.config().maxPositions()).orElse(fallback.contextLength());
    }

    @Override
    public boolean estimated() {
        return models.current().isEmpty();
    }
}
