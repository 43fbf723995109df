package app.characterstudio.chat;

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

    /** Holds the model while it counts: an Eject meanwhile frees its tokenizer only afterwards. */
    @Override
    public int count(String text) {
        Optional<ModelService.Lease> held = models.lease();
        if (held.isEmpty()) {
            return fallback.count(text);
        }
        try (ModelService.Lease lease = held.get()) {
            return lease.model().tokenizer().encode(text).length;
        }
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
