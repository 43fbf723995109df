package app.characterstudio.chat;

/**
 * A token estimate used while no tokenizer is loaded. It errs on the high side so a budgeted prompt
 * still fits once the real tokenizer counts it: every non-ASCII code point (Chinese characters,
 * full-width punctuation, emoji) counts as one token, ASCII letters and digits as one token per three,
 * and every other ASCII character (space, punctuation, newline) as one token.
 */
public record CharacterEstimateTokenCounter(int contextLength) implements TokenCounter {
    public CharacterEstimateTokenCounter {
        if (contextLength < 1) {
            throw new IllegalArgumentException("context length must be positive, got " + contextLength);
        }
    }

    @Override
    public int count(String text) {
        int tokens = 0;
        int wordChars = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint < 128 && Character.isLetterOrDigit(codePoint)) {
                wordChars++;
                continue;
            }
            tokens += (wordChars + 2) / 3 + 1;
            wordChars = 0;
        }
        return tokens + (wordChars + 2) / 3;
    }

    @Override
    public boolean estimated() {
        return true;
    }
}
