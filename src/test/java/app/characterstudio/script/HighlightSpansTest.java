package app.characterstudio.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.characterstudio.script.RetrievedExchange.ExchangeLine;
import app.characterstudio.script.RetrievedExchange.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Highlights keep every character of a match, also the first of a line that a bigram starts. */
class HighlightSpansTest {
    @Test
    void aBigramArrivingAfterItsSecondCharacterKeepsItsFirst() {
        // the analyzer gives 灵 (1-2) before 雷灵 (0-2): the match must start at 0, the line's first character
        List<Span> spans = Retriever.merged(List.of(new Span(1, 2), new Span(0, 2), new Span(2, 3)));
        assertEquals(List.of(new Span(0, 3)), spans);
        assertEquals("[雷灵珠]在此", new ExchangeLine(1, "三三", "雷灵珠在此", spans).marked("[", "]"));
    }

    @Test
    void separateMatchesStaySeparateAndInOrder() {
        assertEquals(List.of(new Span(0, 2), new Span(4, 6)),
                Retriever.merged(List.of(new Span(4, 6), new Span(1, 2), new Span(0, 1))));
    }
}
