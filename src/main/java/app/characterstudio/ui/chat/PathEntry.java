package app.characterstudio.ui.chat;

/**
 * One line of the conversation shown above the candidates.
 *
 * @param fromUser true for the user's message, false for the reply the conversation went on from
 * @param turnId   the turn the line belongs to
 */
public record PathEntry(boolean fromUser, String speaker, String text, long turnId) {
}
