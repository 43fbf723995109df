package app.characterstudio.workspace.adapters;

import app.characterstudio.chat.TokenCounter;
import app.characterstudio.model.tokenizer.Tokenizer;

/**
 * Counts tokens with a model folder's tokenizer without loading its weights: for replies generated
 * elsewhere (an inference server) whose prompts must still fit the model's context. It hands no ids on
 * ({@link TokenCounter#encode} stays null): a server reads the prompt's text.
 */
public final class TokenizerTokenCounter implements TokenCounter {
    private final Tokenizer tokenizer;
    private final int contextLength;

    public TokenizerTokenCounter(Tokenizer tokenizer, int contextLength) {
        this.tokenizer = tokenizer;
        this.contextLength = contextLength;
    }

    @Override
    public int count(String text) {
        return tokenizer.encode(text).length;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }
}
