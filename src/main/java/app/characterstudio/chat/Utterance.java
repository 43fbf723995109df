package app.characterstudio.chat;

import java.util.Objects;

/**
 * One line of the conversation: the user's message or the character's reply.
 *
 * @param speaker who says a line on the user's side when it is not the user: a third speaker of a
 *                multi-party context (an evaluation item's); null for the user or the character
 */
public record Utterance(boolean fromUser, String text, String speaker) {
    public Utterance {
        Objects.requireNonNull(text, "text");
    }

    public Utterance(boolean fromUser, String text) {
        this(fromUser, text, null);
    }

    public static Utterance user(String text) {
        return new Utterance(true, text);
    }

    public static Utterance character(String text) {
        return new Utterance(false, text);
    }

    /** A line on the user's side said by {@code speaker} under their own name. */
    public static Utterance spokenBy(String speaker, String text) {
        return new Utterance(true, text, Objects.requireNonNull(speaker, "speaker"));
    }

    /** {@code speaker:utterance}, the dialogue line of the prompt layout. */
    public String dialogLine(String userName, String roleName) {
        return (speaker != null ? speaker : fromUser ? userName : roleName) + ":" + text;
    }
}
