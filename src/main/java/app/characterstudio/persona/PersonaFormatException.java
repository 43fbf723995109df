package app.characterstudio.persona;

import app.characterstudio.StudioException;

/** A persona file, card or profile cannot be read or written; the message names the file. */
public class PersonaFormatException extends StudioException {
    public PersonaFormatException(String message) {
        super(message);
    }

    public PersonaFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
