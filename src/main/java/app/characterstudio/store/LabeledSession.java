package app.characterstudio.store;

/**
 * A session with at least one labeled turn, as offered for choosing what to export.
 *
 * @param firstUserText the first message of the session's first turn ("" if it has none)
 * @param labeledTurns  turns of the session that carry a label
 */
public record LabeledSession(Session session, String firstUserText, int labeledTurns) {
    public LabeledSession {
        firstUserText = firstUserText == null ? "" : firstUserText;
    }

    public long id() {
        return session.id();
    }

    public String characterId() {
        return session.characterId();
    }

    /** The session's title, else the first line of its first user message. */
    public String heading() {
        String title = session.title() == null ? "" : session.title().strip();
        if (!title.isEmpty()) {
            return title;
        }
        return firstUserText.strip().lines().findFirst().orElse("");
    }
}
