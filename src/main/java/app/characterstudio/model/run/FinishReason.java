package app.characterstudio.model.run;

/** Why a candidate stopped. */
public enum FinishReason {
    /** the model produced {@code </s>} */
    END_OF_TEXT,
    /** a stop string or a new speaker line followed: the text ends before it */
    STOP,
    /** max new tokens, or the model's context, reached */
    LENGTH,
    /** the user cancelled */
    CANCELLED
}
