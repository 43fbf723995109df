package app.characterstudio.model.run;

/** Receives a generation as it happens; called on the generating thread. */
public interface GenerationListener {
    GenerationListener IGNORE = new GenerationListener() { };

    /** New text of candidate {@code candidate}: the concatenation of all deltas is the final text. */
    default void onText(int candidate, String delta) {
    }

    /** A token was generated for {@code candidate} (with its logprobs when they were asked for, else null). */
    default void onToken(int candidate, int tokenId, TokenLogprobs logprobs) {
    }

    default void onFinished(int candidate, FinishReason reason) {
    }

    /** {@code done} of the prompt's {@code total} tokens are read (from the prompt cache, or by the model). */
    default void onPromptRead(int done, int total) {
    }
}
