package app.characterstudio.script;

import app.characterstudio.StudioException;

/** A script file cannot be read: bad bytes for its encoding, or content that does not fit its format. */
public class ScriptFormatException extends StudioException {
    public ScriptFormatException(String message) {
        super(message);
    }

    public ScriptFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
