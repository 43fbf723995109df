package app.characterstudio.store;

import java.nio.file.Path;
import java.util.List;

/**
 * Child process of {@link CrashSafetyTest}: writes turns with replies in a loop and prints
 * {@code committed <turnId> <candidateId>} after each commit, until it is killed.
 */
public final class TurnWriterChild {
    private TurnWriterChild() {
    }

    public static void main(String[] args) {
        Database database = Database.open(Path.of(args[0]));
        ConversationRepository conversations = new ConversationRepository(database);
        Session session = conversations.createSession("crash", "", "user");
        String padding = "很长的回复".repeat(400);
        Long parent = null;
        for (int i = 0; ; i++) {
            Turn turn = conversations.addTurn(session.id(), parent, "消息 " + i);
            List<Candidate> replies = conversations.addCandidates(turn.id(), "b" + i, List.of(
                    CandidateDraft.handWritten("回复A " + i + padding, "prompt " + i, 10, null, "[]"),
                    CandidateDraft.handWritten("回复B " + i + padding, "prompt " + i, 10, null, "[]")));
            parent = replies.get(0).id();
            System.out.println("committed " + turn.id() + " " + replies.get(1).id());
            System.out.flush();
        }
    }
}
