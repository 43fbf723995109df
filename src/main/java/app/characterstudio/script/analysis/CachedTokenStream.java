package app.characterstudio.script.analysis;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.TermFrequencyAttribute;

/**
 * Replays terms analyzed earlier, each distinct term once with its count as the term frequency.
 * A line appears in the context of up to {@code window} exchanges; analyzing it once and replaying
 * its terms keeps segmentation (the costly part) to one pass, and counting repeats here spares the
 * index one hash lookup per repeat. Only for fields indexed with frequencies and no positions.
 */
public final class CachedTokenStream extends TokenStream {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final TermFrequencyAttribute frequency = addAttribute(TermFrequencyAttribute.class);
    private final String prefix;
    private final String[][] lines;
    private final int from;
    private final int to;
    private Iterator<Map.Entry<String, int[]>> terms;

    /** Replays the terms of {@code lines[from..to)}, each written after {@code prefix}. */
    public CachedTokenStream(String prefix, String[][] lines, int from, int to) {
        this.prefix = prefix;
        this.lines = lines;
        this.from = from;
        this.to = to;
    }

    @Override
    public boolean incrementToken() {
        if (!terms.hasNext()) {
            return false;
        }
        clearAttributes();
        Map.Entry<String, int[]> next = terms.next();
        term.setEmpty().append(prefix).append(next.getKey());
        frequency.setTermFrequency(next.getValue()[0]);
        return true;
    }

    @Override
    public void reset() {
        Map<String, int[]> counts = new HashMap<>();
        for (int line = from; line < to; line++) {
            for (String t : lines[line]) {
                counts.computeIfAbsent(t, k -> new int[1])[0]++;
            }
        }
        terms = counts.entrySet().iterator();
    }
}
