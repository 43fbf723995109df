package app.characterstudio.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.store.Candidate;
import app.characterstudio.store.CandidateDraft;
import app.characterstudio.store.ConversationRepository;
import app.characterstudio.store.Database;
import app.characterstudio.store.LabelProgress;
import app.characterstudio.store.LabelRepository;
import app.characterstudio.store.Session;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LabelServiceTest {
    private final Database database = Database.inMemory();
    private final ConversationRepository conversations = new ConversationRepository(database);
    private final LabelService labels = new LabelService(database, () -> 123L);

    @AfterEach
    void close() {
        database.close();
    }

    private List<Candidate> replies(Session session, String... texts) {
        long turn = conversations.addTurn(session.id(), null, "hi").id();
        return conversations.addCandidates(turn, "b", java.util.Arrays.stream(texts)
                .map(t -> CandidateDraft.handWritten(t, null, null, null, null)).toList());
    }

    @Test
    void choosesRejectsRanksAndTagsAndReadsItBack() {
        Session session = conversations.createSession("sansan", "", "user");
        List<Candidate> r = replies(session, "a", "b", "c");
        Label label = Label.empty(r.get(0).turnId()).withChosen(r.get(1).id())
                .withRejectionToggled(r.get(0).id()).withRejectionToggled(r.get(2).id())
                .withReasonToggled(ReasonTag.BLAND).withReasonToggled(ReasonTag.OUT_OF_CHARACTER)
                .withRanking(List.of(r.get(1).id(), r.get(2).id(), r.get(0).id()))
                .withRationale("  c 太平淡 ").withSafetyCase(true).withTimeSpent(4_200);
        Label stored = labels.save(label);
        assertEquals(123L, stored.labeledAt());
        assertEquals("c 太平淡", stored.rationale());
        assertEquals(stored, labels.find(label.turnId()).orElseThrow());
        assertEquals(Set.of(ReasonTag.BLAND, ReasonTag.OUT_OF_CHARACTER), stored.reasons());
        assertEquals(new LabelProgress("sansan", 1, 0), labels.progress("sansan"));
        assertEquals(new LabelProgress("nobody", 0, 0), labels.progress("nobody"));
    }

    @Test
    void choosingARejectedReplyTakesTheRejectionBack() {
        Label label = Label.empty(1).withRejectionToggled(5).withChosen(5L);
        assertEquals(5L, label.chosenCandidateId());
        assertTrue(label.rejected().isEmpty());
        Label rejectedAgain = label.withRejectionToggled(5);
        assertNull(rejectedAgain.chosenCandidateId());
        assertEquals(List.of(5L), rejectedAgain.rejected());
        assertFalse(rejectedAgain.withRejectionToggled(5).rejected().contains(5L));
    }

    @Test
    void refusesRepliesOfAnotherTurnAndLeavesTheOldLabel() {
        Session session = conversations.createSession("sansan", "", "user");
        List<Candidate> first = replies(session, "a", "b");
        List<Candidate> second = replies(session, "c");
        long turn = first.get(0).turnId();
        Label good = labels.save(Label.empty(turn).withChosen(first.get(0).id()));
        LabelException error = assertThrows(LabelException.class,
                () -> labels.save(Label.empty(turn).withChosen(second.get(0).id())));
        assertTrue(error.getMessage().contains("is not a reply of turn " + turn), error.getMessage());
        assertEquals(good, labels.find(turn).orElseThrow());
        assertThrows(LabelException.class, () -> labels.save(Label.empty(999)));
    }

    @Test
    void aSafetyCaseNeedsAChosenReplyAndARankingNamesEachReplyOnce() {
        Session session = conversations.createSession("sansan", "", "user");
        List<Candidate> r = replies(session, "a", "b");
        long turn = r.get(0).turnId();
        assertThrows(LabelException.class, () -> labels.save(Label.empty(turn).withSafetyCase(true)));
        assertThrows(LabelException.class, () -> labels.save(Label.empty(turn).withChosen(r.get(0).id())
                .withRanking(List.of(r.get(0).id(), r.get(0).id()))));
        Label onlyRejections = labels.save(Label.empty(turn).withRejectionToggled(r.get(1).id()));
        assertFalse(onlyRejections.hasChoice());
        assertEquals(new LabelProgress("sansan", 0, 1), labels.progress("sansan"));
    }

    @Test
    void reasonTagsParseInTheFormsPeopleType() {
        assertEquals(ReasonTag.OUT_OF_CHARACTER, ReasonTag.parse("out-of-character"));
        assertEquals(ReasonTag.TOO_LONG, ReasonTag.parse("too_long"));
        LabelException error = assertThrows(LabelException.class, () -> ReasonTag.parse("boring"));
        assertTrue(error.getMessage().contains("bland"), error.getMessage());
    }
}
