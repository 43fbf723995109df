package app.characterstudio.model.tokenizer;

import app.characterstudio.StudioException;

/**
 * A tokenizer model file cannot be read: missing, unreadable or not a SentencePiece model. Its own type (not
 * {@code model.ModelLoadException}) so that the tokenizer needs nothing from the model room above it.
 */
public class TokenizerLoadException extends StudioException {
    public TokenizerLoadException(String message) {
        super(message);
    }

    public TokenizerLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
