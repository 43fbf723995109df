package app.characterstudio.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.store.Turn;
import org.junit.jupiter.api.Test;

/** The cursor the chat window and the terminal chat share: where the next message goes. */
class ChatCursorTest {
    private static Turn turn(long id, Long parentReplyId) {
        return new Turn(id, 1, parentReplyId, "消息" + id, 0);
    }

    @Test
    void theFirstMessageStartsTheConversationAndALaterOneNeedsAReplyToGoOnFrom() {
        ChatCursor cursor = new ChatCursor();
        assertEquals(new ChatCursor.NextMessage(true, null), cursor.next());
        cursor.sent(turn(1, null));
        assertFalse(cursor.next().possible(), "no reply chosen yet");
        cursor.goOnFrom(10L);
        assertEquals(new ChatCursor.NextMessage(true, 10L), cursor.next());
        cursor.goOnFrom(null);
        assertFalse(cursor.next().possible(), "the choice was taken back");
    }

    @Test
    void branchingReplacesTheCurrentMessageOrFollowsAnyReplyUntilTheNextTurnIsEntered() {
        ChatCursor cursor = new ChatCursor();
        cursor.enter(turn(2, 10L), 20L);
        cursor.branchHere();
        assertEquals(new ChatCursor.NextMessage(true, 10L), cursor.next(), "a sibling of turn 2, after reply 10");
        cursor.branchFrom(21L);
        assertEquals(new ChatCursor.NextMessage(true, 21L), cursor.next());
        assertTrue(cursor.branching());
        cursor.enter(turn(3, 21L), null);
        assertFalse(cursor.branching());
        assertFalse(cursor.next().possible());
        cursor.clear();
        assertNull(cursor.current());
        assertEquals(new ChatCursor.NextMessage(true, null), cursor.next());
    }
}
