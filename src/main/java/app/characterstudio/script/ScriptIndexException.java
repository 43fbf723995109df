package app.characterstudio.script;

import app.characterstudio.StudioException;

/** The script index folder cannot be written or read (disk full, permissions). */
public class ScriptIndexException extends StudioException {
    public ScriptIndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
