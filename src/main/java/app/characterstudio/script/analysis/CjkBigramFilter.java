package app.characterstudio.script.analysis;

import java.io.IOException;
import java.util.ArrayDeque;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * Keeps every word and adds, at the same position, the character bigrams of Chinese text: those
 * inside a word of three or more characters, and the one spanning two adjacent Chinese words
 * ({@code 不/知道} adds {@code 不知}). A two-character word is its own bigram and is not repeated.
 */
public final class CjkBigramFilter extends TokenFilter {
    public static final String BIGRAM_TYPE = "<BIGRAM>";

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);
    private final TypeAttribute type = addAttribute(TypeAttribute.class);
    private final ArrayDeque<Bigram> pending = new ArrayDeque<>();
    private boolean previousWasHan;
    private int previousEnd = -1;
    private char previousLast;

    private record Bigram(char first, char second, int start) {
    }

    public CjkBigramFilter(TokenStream input) {
        super(input);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!pending.isEmpty()) {
            Bigram bigram = pending.poll();
            term.setEmpty().append(bigram.first()).append(bigram.second());
            offset.setOffset(bigram.start(), bigram.start() + 2);
            position.setPositionIncrement(0);
            type.setType(BIGRAM_TYPE);
            return true;
        }
        if (!input.incrementToken()) {
            return false;
        }
        char[] chars = term.buffer();
        int length = term.length();
        if (allHan(chars, length)) {
            int start = offset.startOffset();
            if (previousWasHan && previousEnd == start) {
                pending.add(new Bigram(previousLast, chars[0], start - 1));
            }
            if (length >= 3) {
                for (int i = 0; i + 1 < length; i++) {
                    pending.add(new Bigram(chars[i], chars[i + 1], start + i));
                }
            }
            previousWasHan = true;
            previousEnd = offset.endOffset();
            previousLast = chars[length - 1];
        } else {
            previousWasHan = false;
        }
        return true;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        pending.clear();
        previousWasHan = false;
        previousEnd = -1;
    }

    static boolean allHan(char[] chars, int length) {
        if (length == 0) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (Character.UnicodeScript.of(chars[i]) != Character.UnicodeScript.HAN) {
                return false;
            }
        }
        return true;
    }
}
