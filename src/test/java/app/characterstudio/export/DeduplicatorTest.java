package app.characterstudio.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {
    private static final String LONG = "那天傍晚我们沿着河边一直走到了老城门，风很大，你把围巾借给了我，"
            + "后来我们在桥头的小摊上吃了两碗热乎乎的馄饨，然后才各自回家。第二天一早你又来敲门，"
            + "说要带我去看城外的油菜花，我们骑着自行车出了城，一路上你都在哼那首老歌，我到现在还记得。";

    private static ExportRecord record(String character, long session, String user, String chosen) {
        return new ExportRecord(character, session, session, "u", List.of(), user, chosen, List.of(), List.of(),
                List.of(), false, List.of(), 0, 0);
    }

    @Test
    void nearKeepsTheFirstOfTextsAboveTheThresholdAndOnlyThose() {
        String oneWordChanged = LONG.replace("两碗", "三碗");
        String halfChanged = LONG.substring(0, LONG.length() / 2) + "剩下的部分完全是另外的故事，讲的是山里的一座庙和一个老和尚。";
        double similar = Deduplicator.jaccard(Deduplicator.shingles(Deduplicator.normalise("q\u0001" + LONG + "\u0001")),
                Deduplicator.shingles(Deduplicator.normalise("q\u0001" + oneWordChanged + "\u0001")));
        assertTrue(similar >= 0.9 && similar < 1.0, "one word changed: " + similar);

        List<ExportRecord> kept = Deduplicator.apply(List.of(record("lin", 1, "q", LONG),
                record("lin", 2, "q", oneWordChanged), record("lin", 3, "q", halfChanged),
                record("zhao", 4, "q", LONG)), ExportOptions.Dedup.NEAR);

        assertEquals(List.of(1L, 3L, 4L), kept.stream().map(ExportRecord::sessionId).toList(),
                "the near copy goes; a half-different text and another character's copy stay");
    }

    @Test
    void exactComparesTheWholeRecordIncludingHistory() {
        ExportRecord a = record("lin", 1, "q", "a");
        ExportRecord sameText = record("lin", 2, "q", "a");
        ExportRecord otherHistory = new ExportRecord("lin", 3, 3, "u", List.of(new ExportRecord.Exchange("x", "y")),
                "q", "a", List.of(), List.of(), List.of(), false, List.of(), 0, 0);
        assertEquals(List.of(a, otherHistory), Deduplicator.apply(List.of(a, sameText, otherHistory), ExportOptions.Dedup.EXACT));
        assertEquals(3, Deduplicator.apply(List.of(a, sameText, otherHistory), ExportOptions.Dedup.NONE).size());
    }

    @Test
    void nearIsDeterministicOnManyRecords() {
        List<ExportRecord> records = IntStream.range(0, 2000)
                .mapToObj(i -> record("lin", i, "问题" + (i % 500), LONG + (i % 700))).toList();
        List<ExportRecord> first = Deduplicator.apply(records, ExportOptions.Dedup.NEAR);
        assertEquals(first, Deduplicator.apply(records, ExportOptions.Dedup.NEAR));
        assertTrue(first.size() < records.size());
    }

    @Test
    void sessionSplitIsBySessionDeterministicAndLeavesOneSessionOnEachSide() {
        List<ExportRecord> records = IntStream.range(0, 30).mapToObj(i -> record("lin", i % 10, "q" + i, "a")).toList();
        SessionSplit.Split split = SessionSplit.apply(records, 0.8, 5);
        assertEquals(8, split.trainSessions().size());
        assertEquals(2, split.validationSessions().size());
        assertTrue(split.validation().stream().allMatch(r -> split.validationSessions().contains(r.sessionId())));
        assertEquals(split, SessionSplit.apply(records, 0.8, 5));
        assertEquals(1, SessionSplit.apply(records.subList(0, 2), 0.99, 5).validationSessions().size());
        assertEquals(0, SessionSplit.apply(records, 1.0, 5).validation().size());
    }

    @Test
    void optionsAreValidatedWithPlainMessages() {
        ExportOptions defaults = ExportOptions.defaults();
        assertTrue(assertThrows(ExportException.class, () -> defaults.withSplit(0, 1)).getMessage().contains("split ratio"));
        assertTrue(assertThrows(ExportException.class, () -> defaults.withSplit(1.5, 1)).getMessage().contains("1.5"));
        assertTrue(assertThrows(ExportException.class, () -> defaults.withLengths(10, 5)).getMessage().contains("above"));
        assertTrue(assertThrows(ExportException.class, () -> defaults.withReasons(java.util.Set.of("rude")))
                .getMessage().contains("out_of_character"));
        java.time.LocalDate day = java.time.LocalDate.of(2026, 2, 1);
        assertTrue(assertThrows(ExportException.class, () -> defaults.withDates(day, day.minusDays(1)))
                .getMessage().contains("after it ends"));
    }
}
