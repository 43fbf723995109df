package app.characterstudio.script.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Replays terms analyzed earlier. A line appears in the context of up to {@code window} exchanges;
 * analyzing it once and replaying its terms keeps segmentation (the costly part) to one pass.
 */
public final class CachedTokenStream extends TokenStream {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final String[][] lines;
    private final int from;
    private final int to;
    private int line;
    private int index;

    /** Replays {@code lines[from..to)} one after the other. */
    public CachedTokenStream(String[][] lines, int from, int to) {
        this.lines = lines;
        this.from = from;
        this.to = to;
    }

    @Override
    public boolean incrementToken() {
        while (line < to && index >= lines[line].length) {
            line++;
            index = 0;
        }
        if (line >= to) {
            return false;
        }
        clearAttributes();
        term.setEmpty().append(lines[line][index++]);
        return true;
    }

    @Override
    public void reset() {
        line = from;
        index = 0;
    }
}
