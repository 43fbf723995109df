package app.characterstudio.chat;

import app.characterstudio.store.Turn;

/**
 * Where a chat stands, for the window and the terminal chat alike: the current turn, the reply the next message
 * follows (the chosen one, or one picked to go on from), and whether the next message starts a branch.
 *
 * <p>A new message follows, in this order: the branch point when branching ({@link #branchHere} replaces the
 * current message, {@link #branchFrom} follows a reply without choosing it); nothing when there is no turn yet (the
 * conversation's start); else the reply it goes on from. With a turn but no such reply there is nowhere to go on from:
 * {@link #next} is not possible and the caller says to choose a reply (or write one) first.
 */
public final class ChatCursor {
    private Turn current;
    private Long continueFrom;
    private boolean branching;
    private Long branchParent;

    /** Shows {@code turn}; the next message follows {@code chosenReplyId} (its label's choice; null: none yet). */
    public void enter(Turn turn, Long chosenReplyId) {
        current = turn;
        continueFrom = chosenReplyId;
        branching = false;
    }

    /** No session, or a new one: the next message starts the conversation. */
    public void clear() {
        current = null;
        continueFrom = null;
        branching = false;
        branchParent = null;
    }

    /** The next message follows this reply (chosen, or picked in the tree). */
    public void goOnFrom(Long replyId) {
        continueFrom = replyId;
    }

    /** The next message replaces the current one as a sibling (a new branch after the same reply). */
    public void branchHere() {
        branching = true;
        branchParent = current == null ? null : current.parentCandidateId();
    }

    /** The next message follows {@code replyId} as a new branch, without choosing it. */
    public void branchFrom(long replyId) {
        branching = true;
        branchParent = replyId;
    }

    /** Where the next message goes: whether it can be sent, and the reply it follows (null: at the start). */
    public NextMessage next() {
        if (branching) {
            return new NextMessage(true, branchParent);
        }
        if (current == null) {
            return new NextMessage(true, null);
        }
        return new NextMessage(continueFrom != null, continueFrom);
    }

    /** The message was sent as {@code turn}: it becomes the current one, with no reply to go on from yet. */
    public void sent(Turn turn) {
        enter(turn, null);
    }

    /**
     * @param possible      false when the current turn has no reply to go on from (choose or write one first)
     * @param parentReplyId the reply the message follows; null at the conversation's start
     */
    public record NextMessage(boolean possible, Long parentReplyId) {
    }

    public Turn current() {
        return current;
    }

    public Long continueFrom() {
        return continueFrom;
    }

    public boolean branching() {
        return branching;
    }
}
