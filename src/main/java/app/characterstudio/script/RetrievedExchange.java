package app.characterstudio.script;

import java.util.List;

/**
 * One retrieved exchange: its context lines, then the character's reply (the last line).
 *
 * @param score        BM25 score of the context against the query
 * @param matchedTerms query terms found in the context, in the order first found
 */
public record RetrievedExchange(float score, long sourceId, String sourceName, int scene, int firstLine, int lastLine,
                                String speaker, List<ExchangeLine> lines, List<String> matchedTerms) {
    public RetrievedExchange {
        lines = List.copyOf(lines);
        matchedTerms = List.copyOf(matchedTerms);
    }

    public ExchangeLine reply() {
        return lines.get(lines.size() - 1);
    }

    /** A line of an exchange with the spans of text that matched the query. */
    public record ExchangeLine(int lineNumber, String speaker, String text, List<Span> highlights) {
        public ExchangeLine {
            highlights = List.copyOf(highlights);
        }

        /** The text with each highlight wrapped in {@code open} and {@code close}. */
        public String marked(String open, String close) {
            StringBuilder out = new StringBuilder();
            int at = 0;
            for (Span span : highlights) {
                out.append(text, at, span.start()).append(open).append(text, span.start(), span.end()).append(close);
                at = span.end();
            }
            return out.append(text.substring(at)).toString();
        }
    }

    /** Characters {@code [start, end)} of a line's text. */
    public record Span(int start, int end) {
    }
}
