package app.characterstudio.chat;

import java.util.Objects;

/**
 * A prompt's token ids as the tokenizer that counted it made them, handed from the prompt build to the
 * generator so that the prompt is encoded once per reply.
 *
 * @param ids       the ids (not to be modified)
 * @param tokenizer which tokenizer made them, compared by identity: a generator uses the ids only when its
 *                  model's tokenizer is this one (a model swapped in between encodes the text again)
 */
public record PromptTokens(int[] ids, Object tokenizer) {
    public PromptTokens {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(tokenizer, "tokenizer");
    }

    public int count() {
        return ids.length;
    }

    /** Whether these ids were made by {@code tokenizer} (the same object). */
    public boolean madeBy(Object tokenizer) {
        return this.tokenizer == tokenizer;
    }
}
