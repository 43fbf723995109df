package app.characterstudio.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConversationRepositoryTest {
    private final Database database = Database.inMemory();
    private final AtomicLong clock = new AtomicLong(1_000);
    private final ConversationRepository conversations = new ConversationRepository(database, clock::incrementAndGet);

    @AfterEach
    void close() {
        database.close();
    }

    private static CandidateDraft model(String text) {
        return new CandidateDraft(text, CandidateOrigin.MODEL, null, "tiny", "{\"top_k\":5}", "PROMPT", 42, null,
                "[]", null, "stop");
    }

    @Test
    void buildsATreeOfTurnsAndCandidates() {
        Session session = conversations.createSession("sansan", "first", "");
        assertEquals("user", session.userName());
        Turn first = conversations.addTurn(session.id(), null, "你好");
        List<Candidate> replies = conversations.addCandidates(first.id(), "b1", List.of(model("嗨"), model("你好呀")));
        Turn followUp = conversations.addTurn(session.id(), replies.get(1).id(), "在干嘛");
        Turn branch = conversations.addTurn(session.id(), replies.get(0).id(), "今天好吗");
        Candidate more = conversations.addCandidates(first.id(), "b2", List.of(model("哈喽"))).get(0);

        SessionContent content = conversations.content(session.id());
        assertEquals(List.of(first, followUp, branch), content.turns());
        assertEquals(3, content.candidates().size());
        assertEquals(replies.get(0), content.candidates().get(0));
        assertEquals("b2", more.batchId());
        Candidate stored = content.candidates().get(1);
        assertEquals("PROMPT", stored.promptText());
        assertEquals(42, stored.promptTokenCount());
        assertEquals(CandidateOrigin.MODEL, stored.origin());
        assertEquals(replies.get(1).id(), followUp.parentCandidateId());
        assertTrue(conversations.session(session.id()).orElseThrow().updatedAt() > session.updatedAt());
    }

    @Test
    void theOpeningTurnOfATitledSessionIsFoundAgainNotMadeTwice() {
        Turn first = conversations.openingTurn("sansan", "prompts.jsonl line 1", "user", "你好");
        Turn again = conversations.openingTurn("sansan", "prompts.jsonl line 1", "user", "你好");
        Turn edited = conversations.openingTurn("sansan", "prompts.jsonl line 1", "user", "您好");
        Turn otherCharacter = conversations.openingTurn("lin", "prompts.jsonl line 1", "user", "你好");

        assertEquals(first, again);
        assertEquals(3, java.util.stream.Stream.of(first, edited, otherCharacter).map(Turn::sessionId).distinct().count());
        assertEquals(2, conversations.sessions("sansan").size());
        assertEquals("prompts.jsonl line 1", conversations.session(first.sessionId()).orElseThrow().title());
    }

    @Test
    void anEditIsANewCandidateThatKeepsTheOriginalAndItsPrompt() {
        Session session = conversations.createSession("sansan", "", "user");
        Turn turn = conversations.addTurn(session.id(), null, "你好");
        Candidate original = conversations.addCandidates(turn.id(), "b1", List.of(model("嗨"))).get(0);
        Candidate edit = conversations.addEdit(original.id(), "嗨，你好！");
        assertEquals(CandidateOrigin.EDIT, edit.origin());
        assertEquals(original.id(), edit.editedFromId());
        assertEquals(turn.id(), edit.turnId());
        assertEquals("PROMPT", edit.promptText());
        assertNull(edit.modelName());
        assertEquals("嗨", conversations.candidate(original.id()).orElseThrow().text());
        assertEquals(edit, conversations.candidate(edit.id()).orElseThrow());
    }

    @Test
    void aTurnCannotFollowAReplyOfAnotherSession() {
        Session one = conversations.createSession("a", "", "user");
        Session two = conversations.createSession("b", "", "user");
        Candidate reply = conversations.addCandidates(conversations.addTurn(one.id(), null, "x").id(), "b",
                List.of(model("y"))).get(0);
        StoreException error = assertThrows(StoreException.class, () -> conversations.addTurn(two.id(), reply.id(), "z"));
        assertTrue(error.getMessage().contains("belongs to session " + one.id()), error.getMessage());
        assertEquals(0, conversations.content(two.id()).turns().size());
        assertThrows(StoreException.class, () -> conversations.addTurn(999, null, "z"));
    }

    @Test
    void aFailedBatchStoresNothing() {
        Session session = conversations.createSession("a", "", "user");
        Turn turn = conversations.addTurn(session.id(), null, "x");
        CandidateDraft badEdit = new CandidateDraft("y", CandidateOrigin.EDIT, 12345L, null, null, null, null, null,
                null, null, null);
        assertThrows(StoreException.class, () -> conversations.addCandidates(turn.id(), "b", List.of(model("ok"), badEdit)));
        assertTrue(conversations.content(session.id()).candidates().isEmpty());
    }

    @Test
    void sessionsAreListedPerCharacterNewestFirst() {
        Session a = conversations.createSession("a", "", "user");
        Session b = conversations.createSession("b", "", "user");
        Session a2 = conversations.createSession("a", "", "user");
        assertEquals(List.of(a2.id(), a.id()), conversations.sessions("a").stream().map(Session::id).toList());
        assertEquals(3, conversations.sessions(null).size());
        conversations.addTurn(a.id(), null, "later");
        assertEquals(a.id(), conversations.sessions(null).get(0).id());
        assertEquals(b.characterId(), conversations.session(b.id()).orElseThrow().characterId());
    }

    @Test
    void anOutlineLeavesOutTheLargeColumnsAndATurnsRepliesHaveThem() {
        Session session = conversations.createSession("a", "", "user");
        Turn turn = conversations.addTurn(session.id(), null, "x");
        List<Candidate> stored = conversations.addCandidates(turn.id(), "b", List.of(model("y"), model("z")));
        Candidate light = conversations.outline(session.id()).candidates().get(0);
        assertEquals("y", light.text());
        assertEquals(42, light.promptTokenCount());
        assertNull(light.promptText());
        assertNull(light.samplingJson());
        assertNull(light.retrievalJson());
        assertEquals(stored, conversations.candidatesOf(turn.id()));
        assertEquals(List.of(stored.get(0).id(), stored.get(1).id()), conversations.candidateIds(turn.id()));
    }

    @Test
    void labeledSessionsListOnlySessionsWithLabelsNewestFirstWithTitleOrFirstLine() {
        LabelRepository labels = new LabelRepository(database);
        Session untitled = conversations.createSession("lin", "", "u");
        Turn first = conversations.addTurn(untitled.id(), null, "  你好呀\n第二行");
        Candidate reply = conversations.addCandidates(first.id(), "b", List.of(model("嗨"))).get(0);
        Turn second = conversations.addTurn(untitled.id(), reply.id(), "在干嘛");
        Candidate again = conversations.addCandidates(second.id(), "b", List.of(model("看书"))).get(0);
        conversations.addTurn(untitled.id(), again.id(), "unlabeled");
        labels.save(new LabelRow(first.id(), reply.id(), List.of(), List.of(), List.of(), "", false, 1, 1));
        labels.save(new LabelRow(second.id(), again.id(), List.of(), List.of(), List.of(), "", false, 1, 1));
        Session titled = conversations.createSession("xu", "雨夜", "u");
        Turn turn = conversations.addTurn(titled.id(), null, "hello");
        Candidate answer = conversations.addCandidates(turn.id(), "b", List.of(model("hi"))).get(0);
        labels.save(new LabelRow(turn.id(), answer.id(), List.of(), List.of(), List.of(), "", false, 1, 1));
        conversations.createSession("lin", "never labeled", "u");

        List<LabeledSession> listed = conversations.labeledSessions();
        assertEquals(List.of(titled.id(), untitled.id()), listed.stream().map(LabeledSession::id).toList());
        assertEquals("雨夜", listed.get(0).heading());
        assertEquals(1, listed.get(0).labeledTurns());
        assertEquals("你好呀", listed.get(1).heading());
        assertEquals(2, listed.get(1).labeledTurns());
        assertEquals("lin", listed.get(1).characterId());
    }
}
