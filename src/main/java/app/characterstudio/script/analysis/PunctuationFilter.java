package app.characterstudio.script.analysis;

import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/** Drops tokens without a letter or digit: punctuation and symbols carry no meaning for retrieval. */
public final class PunctuationFilter extends FilteringTokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    public PunctuationFilter(TokenStream input) {
        super(input);
    }

    @Override
    protected boolean accept() {
        char[] buffer = term.buffer();
        for (int i = 0; i < term.length(); i++) {
            if (Character.isLetterOrDigit(buffer[i])) {
                return true;
            }
        }
        return false;
    }
}
