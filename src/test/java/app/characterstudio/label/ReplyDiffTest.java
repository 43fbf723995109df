package app.characterstudio.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.label.ReplyDiff.Segment;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReplyDiffTest {
    @Test
    void chineseIsComparedCharacterByCharacter() {
        ReplyDiff diff = ReplyDiff.of("我今天去山里练剑。", "我明天去山里练刀。");
        assertEquals(List.of(new Segment("我", false), new Segment("今", true), new Segment("天去山里练", false),
                new Segment("剑", true), new Segment("。", false)), diff.left());
        assertEquals(List.of(new Segment("我", false), new Segment("明", true), new Segment("天去山里练", false),
                new Segment("刀", true), new Segment("。", false)), diff.right());
        assertEquals(2, ReplyDiff.changedCharacters(diff.left()));
    }

    @Test
    void latinTextIsComparedWordByWord() {
        ReplyDiff diff = ReplyDiff.of("the quick fox", "the slow fox");
        assertEquals(List.of(new Segment("the ", false), new Segment("quick", true), new Segment(" fox", false)),
                diff.left());
        assertEquals(List.of(new Segment("the ", false), new Segment("slow", true), new Segment(" fox", false)),
                diff.right());
    }

    @Test
    void insertionsShowOnOneSideOnly() {
        ReplyDiff diff = ReplyDiff.of("哼，走吧。", "哼，雷灵珠在此，走吧。");
        assertFalse(diff.left().stream().anyMatch(Segment::changed));
        assertEquals("雷灵珠在此，", diff.right().stream().filter(Segment::changed).map(Segment::text)
                .collect(Collectors.joining()));
    }

    @Test
    void segmentsJoinBackToTheRepliesExactly() {
        String a = "第一行\n  Second line with 42 words。\n\n😀 end";
        String b = "第一句\n  Second line with 43 words！\n😀 end.";
        ReplyDiff diff = ReplyDiff.of(a, b);
        assertEquals(a, diff.left().stream().map(Segment::text).collect(Collectors.joining()));
        assertEquals(b, diff.right().stream().map(Segment::text).collect(Collectors.joining()));
        assertTrue(diff.differs());
    }

    @Test
    void equalRepliesHaveNoChangeAndEmptyOnesNoSegments() {
        assertFalse(ReplyDiff.of("一样的回答", "一样的回答").differs());
        assertEquals(List.of(), ReplyDiff.of("", null).left());
        assertEquals(List.of(new Segment("新", true)), ReplyDiff.of(null, "新").right());
    }

    @Test
    void piecesKeepSurrogatePairsWhole() {
        assertEquals(List.of("😀", "好", " ", "ok", "\n", "\n"), ReplyDiff.pieces("😀好 ok\n\n"));
    }
}
