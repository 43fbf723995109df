package app.characterstudio.model.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopDetectorTest {

    private static String feed(StopDetector detector, String... deltas) {
        StringBuilder out = new StringBuilder();
        for (String delta : deltas) {
            out.append(detector.accept(delta));
        }
        out.append(detector.flush());
        return out.toString();
    }

    @Test
    void aNewSpeakerLineEndsTheReply() {
        StopDetector detector = new StopDetector(List.of(), true);
        String streamed = feed(detector, "你好呀", "，今天", "\n", "user", "：", "再见");
        assertTrue(detector.stopped());
        assertEquals("你好呀，今天", detector.finalText());
        assertEquals(detector.finalText(), streamed);
    }

    @Test
    void anAsciiColonSpeakerLineAlsoEnds() {
        StopDetector detector = new StopDetector(List.of(), true);
        feed(detector, "Hi there.\nBob: hello");
        assertEquals("Hi there.", detector.finalText());
    }

    @Test
    void aLineThatIsNotASpeakerIsReleasedOnceItCannotBeOne() {
        StopDetector detector = new StopDetector(List.of(), true);
        assertEquals("第一行", detector.accept("第一行\n第二"));
        assertEquals("", detector.accept("行"));
        String rest = detector.accept("，这一行很长很长很长很长很长很长很长很长很长很长很长很长");
        assertTrue(rest.startsWith("\n第二行"), rest);
        assertFalse(detector.stopped());
        assertEquals("", detector.flush());
    }

    @Test
    void aColonInsideALineDoesNotStop() {
        StopDetector detector = new StopDetector(List.of(), true);
        String streamed = feed(detector, "时间是 10:30，", "好的");
        assertFalse(detector.stopped());
        assertEquals("时间是 10:30，好的", streamed);
    }

    @Test
    void stopStringsSplitAcrossDeltasAreFoundAndNeverShown() {
        StopDetector detector = new StopDetector(List.of("<END>"), false);
        assertEquals("abc", detector.accept("abc<E"));
        assertEquals("", detector.accept("N"));
        assertEquals("", detector.accept("D>tail"));
        assertTrue(detector.stopped());
        assertEquals("abc", detector.finalText());
    }

    @Test
    void aFalseStartOfAStopStringIsReleased() {
        StopDetector detector = new StopDetector(List.of("<END>"), false);
        String streamed = feed(detector, "a<E", "X", "b");
        assertEquals("a<EXb", streamed);
        assertEquals(streamed, detector.finalText());
    }

    @Test
    void withoutStopsEverythingIsReleasedAtOnce() {
        StopDetector detector = new StopDetector(List.of(), false);
        assertEquals("a\nb:c", detector.accept("a\nb:c"));
    }
}
