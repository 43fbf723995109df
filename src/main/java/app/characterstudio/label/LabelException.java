package app.characterstudio.label;

import app.characterstudio.StudioException;

/** A label that cannot be saved as given (a reply of another turn, chosen and rejected at once, ...). */
public class LabelException extends StudioException {
    public LabelException(String message) {
        super(message);
    }
}
