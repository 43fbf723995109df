package app.characterstudio.model.run;

import app.characterstudio.StudioException;

/** Generation could not run or finish: prompt too long, out of memory on the device, a native failure. */
public class GenerationException extends StudioException {
    public GenerationException(String message) {
        super(message);
    }

    public GenerationException(String message, Throwable cause) {
        super(message, cause);
    }
}
