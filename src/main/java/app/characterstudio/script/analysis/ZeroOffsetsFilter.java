package app.characterstudio.script.analysis;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Sets every offset to zero. The index keeps no offsets, but IndexWriter refuses offsets that go
 * backwards, as the bigram spanning two words does; highlighting re-analyzes with real offsets.
 */
final class ZeroOffsetsFilter extends TokenFilter {
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);

    ZeroOffsetsFilter(TokenStream input) {
        super(input);
    }

    @Override
    public boolean incrementToken() throws java.io.IOException {
        if (!input.incrementToken()) {
            return false;
        }
        offset.setOffset(0, 0);
        return true;
    }
}
