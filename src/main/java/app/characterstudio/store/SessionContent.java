package app.characterstudio.store;

import java.util.List;

/** Everything in one session: its turns and candidates in the order they were made. */
public record SessionContent(Session session, List<Turn> turns, List<Candidate> candidates) {
    public SessionContent {
        turns = List.copyOf(turns);
        candidates = List.copyOf(candidates);
    }
}
