package app.characterstudio.chat;

import java.util.Objects;

/** One line of the conversation: the user's message or the character's reply. */
public record Utterance(boolean fromUser, String text) {
    public Utterance {
        Objects.requireNonNull(text, "text");
    }

    public static Utterance user(String text) {
        return new Utterance(true, text);
    }

    public static Utterance character(String text) {
        return new Utterance(false, text);
    }

    /** {@code speaker:utterance}, the dialogue line of the prompt layout. */
    public String dialogLine(String userName, String roleName) {
        return (fromUser ? userName : roleName) + ":" + text;
    }
}
