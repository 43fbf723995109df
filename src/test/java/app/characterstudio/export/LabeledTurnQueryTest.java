package app.characterstudio.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.store.Database;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LabeledTurnQueryTest {
    private final Database database = Database.inMemory();
    private final LabelFixture fixture = new LabelFixture(database);

    @AfterEach
    void close() {
        database.close();
    }

    private List<ExportRecord> read() {
        return new LabeledTurnQuery(database).read(ExportOptions.defaults()).records();
    }

    @Test
    void everyLabeledTurnBecomesItsOwnRecordWithTheHistoryOnItsPath() {
        long session = fixture.session("lin", "小明");
        long t1 = fixture.turn(session, null, "你好");
        long a = fixture.candidate(t1, "你好呀");
        long b = fixture.candidate(t1, "哼，找我干嘛");
        fixture.label(t1).chosen(a).rejected(b).save();
        // the user went on from the REJECTED reply b: history must follow the path, not the label
        long t2 = fixture.turn(session, b, "别这样");
        long c = fixture.candidate(t2, "好吧好吧");
        long t3 = fixture.turn(session, c, "今天去哪");
        long d = fixture.candidate(t3, "去书店");
        long e = fixture.candidate(t3, "不知道");
        fixture.label(t3).chosen(d).rejected(e).reasons("bland", "other").save();

        List<ExportRecord> records = read();

        assertEquals(2, records.size(), "t2 has no label, so it is only history");
        ExportRecord first = records.get(0);
        assertEquals(t1, first.turnId());
        assertEquals(List.of(), first.history());
        assertEquals("你好", first.userText());
        assertEquals("你好呀", first.chosen());
        assertEquals(List.of("哼，找我干嘛"), first.rejected());
        ExportRecord third = records.get(1);
        assertEquals(List.of(new ExportRecord.Exchange("你好", "哼，找我干嘛"),
                new ExportRecord.Exchange("别这样", "好吧好吧")), third.history());
        assertEquals("今天去哪", third.userText());
        assertEquals(List.of("bland", "other"), third.reasons());
        assertEquals("lin", third.characterId());
        assertEquals("小明", third.userName());
    }

    @Test
    void aChosenEditIsPreferredOverTheReplyItWasEditedFrom() {
        long session = fixture.session("lin", "user");
        long turn = fixture.turn(session, null, "讲个笑话");
        long original = fixture.candidate(turn, "从前有座山");
        long other = fixture.candidate(turn, "不讲");
        long edit = fixture.edit(turn, original, "从前有座山，山里有座庙");
        fixture.label(turn).chosen(edit).rejected(other).save();

        ExportRecord record = read().get(0);

        assertEquals("从前有座山，山里有座庙", record.chosen());
        assertEquals(List.of("不讲", "从前有座山"), record.rejected());
    }

    @Test
    void anEditOfAnEditRejectsTheWholeChainUnlessRankedAtOrAboveIt() {
        long session = fixture.session("lin", "user");
        long turn = fixture.turn(session, null, "hi");
        long original = fixture.candidate(turn, "v1");
        long firstEdit = fixture.edit(turn, original, "v2");
        long secondEdit = fixture.edit(turn, firstEdit, "v3");
        fixture.label(turn).chosen(secondEdit).save();
        assertEquals(List.of("v2", "v1"), read().get(0).rejected());

        long turn2 = fixture.turn(session, secondEdit, "again");
        long o2 = fixture.candidate(turn2, "origin");
        long e2 = fixture.edit(turn2, o2, "edited");
        // the creator ranked the origin first: the label says otherwise, so it is not rejected
        fixture.label(turn2).chosen(e2).ranked(o2, e2).save();
        ExportRecord second = read().get(1);
        assertEquals("edited", second.chosen());
        assertEquals(List.of(), second.rejected());
        assertEquals(List.of("origin", "edited"), second.ranking());
    }

    @Test
    void withoutAChosenReplyTheRankingOrElseTheNewestEditDecides() {
        long session = fixture.session("lin", "user");
        long t1 = fixture.turn(session, null, "one");
        long a = fixture.candidate(t1, "a");
        long b = fixture.candidate(t1, "b");
        long c = fixture.candidate(t1, "c");
        fixture.label(t1).ranked(b, c, a).save();
        long t2 = fixture.turn(session, b, "two");
        long m = fixture.candidate(t2, "model");
        fixture.edit(t2, m, "model, edited");
        fixture.label(t2).save();
        long t3 = fixture.turn(session, null, "three");
        long x = fixture.candidate(t3, "x");
        fixture.label(t3).rejected(x).save();

        List<ExportRecord> records = read();

        assertEquals("b", records.get(0).chosen());
        assertEquals(List.of("c", "a"), records.get(0).rejected(), "ranked below the first");
        assertEquals("model, edited", records.get(1).chosen());
        assertEquals(List.of("model"), records.get(1).rejected());
        assertNull(records.get(2).chosen(), "a label that only rejects keeps its rejection (for KTO)");
        assertEquals(List.of("x"), records.get(2).rejected());
    }

    @Test
    void rejectedRepliesEqualToTheChosenOneOrBlankAreDropped() {
        long session = fixture.session("lin", "user");
        long turn = fixture.turn(session, null, "hi");
        long a = fixture.candidate(turn, "same");
        long b = fixture.candidate(turn, " same ");
        long c = fixture.candidate(turn, "  ");
        long d = fixture.candidate(turn, "different");
        fixture.label(turn).chosen(a).rejected(b, c, d).save();

        ExportRecord record = read().get(0);

        assertEquals(List.of("different"), record.rejected());
        assertTrue(record.hasPair());
    }

    @Test
    void retrievalBlocksComeFromTheChosenReplyOrTheReplyItWasEditedFrom() {
        long session = fixture.session("lin", "user");
        long turn = fixture.turn(session, null, "hi");
        long model = fixture.candidate(turn, "reply",
                "[{\"text\":\"user0:在吗\\n林:在\",\"source\":\"a.txt\",\"first_line\":1,\"last_line\":2,\"score\":3.5},"
                        + "{\"text\":\"user0:走吧\\n林:好\",\"source\":\"a.txt\",\"first_line\":5,\"last_line\":6,\"score\":2.0}]");
        long edit = fixture.edit(turn, model, "reply!");
        fixture.label(turn).chosen(edit).save();

        ExportRecord record = read().get(0);

        assertEquals(List.of("user0:在吗\n林:在", "user0:走吧\n林:好"), record.retrieval());
        assertFalse(new LabeledTurnQuery(database).read(ExportOptions.defaults().withSystemPart(ExportOptions.SystemPart.PERSONA)).records().get(0)
                .retrieval().iterator().hasNext(), "retrieval is only read when asked for");
    }

    @Test
    void labelsOutsideTheCharactersSessionsOrDatesAreNotRead() {
        fixture.simpleSession("lin", 1, "a");
        fixture.at(LabelFixture.START + 3 * LabelFixture.DAY);
        long later = fixture.simpleSession("lin", 1, "b");
        fixture.simpleSession("zhao", 1, "c");
        LabeledTurnQuery query = new LabeledTurnQuery(database);
        ExportOptions options = ExportOptions.defaults();

        assertEquals(3, query.read(options).records().size());
        assertEquals(2, query.read(options.withCharacters(java.util.Set.of("lin"))).records().size());
        assertEquals(1, query.read(options.withSessions(java.util.Set.of(later))).records().size());
        java.time.LocalDate jan1 = java.time.LocalDate.of(2026, 1, 1);
        assertEquals(1, query.read(options.withDates(jan1, jan1)).records().size());
        assertEquals(2, query.read(options.withDates(jan1.plusDays(3), null)).records().size());
    }
}
