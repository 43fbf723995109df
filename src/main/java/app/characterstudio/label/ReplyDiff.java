package app.characterstudio.label;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;

/**
 * Two replies compared piece by piece, for reading long candidates side by side. Chinese has no spaces
 * between words, so each Han character (and each punctuation mark) is its own piece; runs of Latin letters
 * or digits are whole words and runs of white space one piece. The pieces are matched by Myers' diff
 * (java-diff-utils); what only one side has is marked on that side.
 *
 * @param left  the first reply cut into segments, in order: joined they give the reply back exactly
 * @param right the second reply likewise
 */
public record ReplyDiff(List<Segment> left, List<Segment> right) {
    public ReplyDiff {
        left = List.copyOf(left);
        right = List.copyOf(right);
    }

    /** A run of text that both replies share ({@code changed} false) or that only this side has. */
    public record Segment(String text, boolean changed) {
    }

    /** Compares {@code a} and {@code b} (null reads as empty). */
    public static ReplyDiff of(String a, String b) {
        List<String> from = pieces(a == null ? "" : a);
        List<String> to = pieces(b == null ? "" : b);
        Patch<String> patch = DiffUtils.diff(from, to);
        boolean[] removed = new boolean[from.size()];
        boolean[] added = new boolean[to.size()];
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            mark(removed, delta.getSource().getPosition(), delta.getSource().size());
            mark(added, delta.getTarget().getPosition(), delta.getTarget().size());
        }
        return new ReplyDiff(segments(from, removed), segments(to, added));
    }

    /** Whether the two replies differ at all. */
    public boolean differs() {
        return left.stream().anyMatch(Segment::changed) || right.stream().anyMatch(Segment::changed);
    }

    /** How many characters (code points) of {@code side} are marked changed. */
    public static int changedCharacters(List<Segment> side) {
        return side.stream().filter(Segment::changed).mapToInt(s -> s.text().codePointCount(0, s.text().length())).sum();
    }

    /** The pieces diffed: one per Han character or punctuation mark, a word per Latin or digit run, a space run. */
    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int end = i + Character.charCount(cp);
            if (isWordPart(cp)) {
                while (end < text.length() && isWordPart(text.codePointAt(end))) {
                    end += Character.charCount(text.codePointAt(end));
                }
            } else if (Character.isWhitespace(cp)) {
                while (end < text.length() && Character.isWhitespace(text.codePointAt(end))
                        && text.charAt(end) != '\n') {
                    end += Character.charCount(text.codePointAt(end));
                }
            }
            pieces.add(text.substring(i, end));
            i = end;
        }
        return pieces;
    }

    /** Letters and digits outside the ideographic scripts, which join into words. */
    private static boolean isWordPart(int cp) {
        return Character.isLetterOrDigit(cp) && !Character.isIdeographic(cp)
                && Character.UnicodeScript.of(cp) != Character.UnicodeScript.HIRAGANA
                && Character.UnicodeScript.of(cp) != Character.UnicodeScript.KATAKANA
                && Character.UnicodeScript.of(cp) != Character.UnicodeScript.HANGUL;
    }

    private static void mark(boolean[] marks, int from, int count) {
        for (int i = from; i < from + count; i++) {
            marks[i] = true;
        }
    }

    /** Joins neighbouring pieces of the same kind, so a run of changed characters is one segment. */
    private static List<Segment> segments(List<String> pieces, boolean[] changed) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < pieces.size(); i++) {
            if (i > 0 && changed[i] != changed[i - 1]) {
                segments.add(new Segment(run.toString(), changed[i - 1]));
                run.setLength(0);
            }
            run.append(pieces.get(i));
        }
        if (!run.isEmpty()) {
            segments.add(new Segment(run.toString(), changed[pieces.size() - 1]));
        }
        return segments;
    }
}
