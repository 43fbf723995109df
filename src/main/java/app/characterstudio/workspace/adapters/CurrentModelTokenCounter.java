package app.characterstudio.workspace.adapters;

import app.characterstudio.chat.PromptTokens;
import app.characterstudio.chat.TokenCounter;
import app.characterstudio.model.run.ModelService;
import app.characterstudio.model.run.TextCodec;
import java.util.Optional;
import java.util.function.BiFunction;

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
        Integer counted = withTokenizer((codec, t) -> codec.encode(t).length, text);
        return counted == null ? fallback.count(text) : counted;
    }

    /** The ids and the tokenizer that made them (the generator uses them only with that same tokenizer). */
    @Override
    public PromptTokens encode(String text) {
        return withTokenizer((codec, t) -> new PromptTokens(codec.encode(t), codec), text);
    }

    @Override
    public int contextLength() {
        return models.current().map(m -> m.config().maxPositions()).orElse(fallback.contextLength());
    }

    @Override
    public boolean estimated() {
        return models.current().isEmpty();
    }

    /** Holds the model while it encodes: an Eject meanwhile frees its tokenizer only afterwards; null without one. */
    private <T> T withTokenizer(BiFunction<TextCodec, String, T> work, String text) {
        Optional<ModelService.Lease> held = models.lease();
        if (held.isEmpty()) {
            return null;
        }
        try (ModelService.Lease lease = held.get()) {
            return work.apply(lease.model().tokenizer(), text);
        }
    }
}
