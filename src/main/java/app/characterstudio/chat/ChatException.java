package app.characterstudio.chat;

import app.characterstudio.StudioException;

/** A chat action cannot be done as asked (no model loaded, prompt too long, unknown turn, ...). */
public class ChatException extends StudioException {
    public ChatException(String message) {
        super(message);
    }

    public ChatException(String message, Throwable cause) {
        super(message, cause);
    }
}
