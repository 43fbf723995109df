package app.characterstudio.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LabelRepositoryTest {
    private final Database database = Database.inMemory();
    private final ConversationRepository conversations = new ConversationRepository(database);
    private final LabelRepository labels = new LabelRepository(database);
    private final PromptTemplateRepository templates = new PromptTemplateRepository(database);

    @AfterEach
    void close() {
        database.close();
    }

    private List<Candidate> turnWithReplies(Session session, int count) {
        Turn turn = conversations.addTurn(session.id(), null, "hi");
        List<CandidateDraft> drafts = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            drafts.add(CandidateDraft.handWritten("r" + i, null, null, null, null));
        }
        return conversations.addCandidates(turn.id(), null, drafts);
    }

    @Test
    void aLabelIsReplacedWholeAndReadBack() {
        Session session = conversations.createSession("a", "", "user");
        List<Candidate> replies = turnWithReplies(session, 3);
        long turn = replies.get(0).turnId();
        LabelRow first = new LabelRow(turn, replies.get(1).id(), List.of(replies.get(0).id(), replies.get(2).id()),
                List.of(replies.get(1).id(), replies.get(2).id(), replies.get(0).id()), List.of("bland", "too_long"),
                "太平淡", true, 5_000, 77);
        labels.save(first);
        assertEquals(first, labels.find(turn).orElseThrow());
        LabelRow second = new LabelRow(turn, replies.get(0).id(), List.of(), List.of(), List.of("other"), "", false, 10, 78);
        labels.save(second);
        assertEquals(second, labels.find(turn).orElseThrow());
        assertEquals(List.of(second), labels.ofSession(session.id()));
    }

    @Test
    void anUnknownReasonIsRefusedAndTheOldLabelStays() {
        Session session = conversations.createSession("a", "", "user");
        List<Candidate> replies = turnWithReplies(session, 1);
        long turn = replies.get(0).turnId();
        LabelRow good = new LabelRow(turn, replies.get(0).id(), List.of(), List.of(), List.of("bland"), "", false, 1, 1);
        labels.save(good);
        LabelRow bad = new LabelRow(turn, null, List.of(), List.of(), List.of("nonsense"), "", false, 1, 2);
        assertThrows(StoreException.class, () -> labels.save(bad));
        assertEquals(good, labels.find(turn).orElseThrow());
    }

    @Test
    void progressCountsTurnsWithRepliesPerCharacter() {
        Session a = conversations.createSession("a", "", "user");
        Session b = conversations.createSession("b", "", "user");
        List<Candidate> a1 = turnWithReplies(a, 2);
        turnWithReplies(a, 2);
        turnWithReplies(b, 1);
        conversations.addTurn(b.id(), null, "no replies yet");
        labels.save(new LabelRow(a1.get(0).turnId(), a1.get(0).id(), List.of(), List.of(), List.of(), "", false, 1, 1));
        assertEquals(List.of(new LabelProgress("a", 1, 1), new LabelProgress("b", 0, 1)), labels.progress());
    }

    @Test
    void templatesAreVersionedPerCharacterWithADefault() {
        StoredTemplate base = templates.save(null, "index-character", "DEFAULT ${dialog}", 2);
        assertEquals(base, templates.save(null, "index-character", "DEFAULT ${dialog}", 2));
        assertEquals(base, templates.current("a", "index-character").orElseThrow());
        StoredTemplate own = templates.save("a", "index-character", "A1 ${dialog}", 2);
        StoredTemplate own2 = templates.save("a", "index-character", "A2 ${dialog}", 2);
        assertEquals(1, own.version());
        assertEquals(2, own2.version());
        assertEquals(own2, templates.current("a", "index-character").orElseThrow());
        assertEquals(base, templates.current("b", "index-character").orElseThrow());
        assertEquals(List.of(own, own2), templates.versions("a", "index-character"));
        assertEquals(own, templates.byId(own.id()).orElseThrow());
    }
}
