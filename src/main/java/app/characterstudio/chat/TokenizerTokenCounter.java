package app.characterstudio.chat;

import app.characterstudio.model.tokenizer.Tokenizer;
import java.util.Objects;

/**
 * Exact token counts from the model's own SentencePiece tokenizer. The prompt is plain text with no
 * BOS ({@code add_bos_token: false}), so the count is the length of its encoding.
 *
 * @param contextLength the model's {@code max_position_embeddings} (4096 for Index-1.9B-Character)
 */
public record TokenizerTokenCounter(Tokenizer tokenizer, int contextLength) implements TokenCounter {
    public TokenizerTokenCounter {
        Objects.requireNonNull(tokenizer, "tokenizer");
        if (contextLength < 1) {
            throw new IllegalArgumentException("context length must be positive, got " + contextLength);
        }
    }

    @Override
    public int count(String text) {
        return text.isEmpty() ? 0 : tokenizer.encode(text).length;
    }
}
