package app.characterstudio.chat;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Port to the language model: generates candidate replies for one prompt. The lead wires the real
 * model behind it; {@link #none()} stands in while no model is loaded.
 */
public interface ReplyGenerator {
    /** Whether a model is loaded; when false, {@link #generate} throws {@link ChatException}. */
    boolean available();

    /** The loaded model's name (recorded with each candidate), or empty when none is loaded. */
    String modelName();

    /**
     * Generates {@code count} candidates for {@code prompt}, reporting text as it is produced.
     *
     * @param stream    receives (candidate index 0..count-1, text delta) while generating
     * @param cancelled polled between tokens; when it turns true the generator stops and returns
     *                  what it has, with finish reason {@link GeneratedReply#CANCELLED}
     * @return one reply per candidate, in index order
     */
    List<GeneratedReply> generate(String prompt, int count, SamplingSettings sampling, ReplyStream stream,
                                  BooleanSupplier cancelled);

    /**
     * Generates for a built prompt: a generator over the model that counted it uses its ids
     * ({@link BuiltPrompt#tokens()}) rather than encoding the text again; by default, the text.
     */
    default List<GeneratedReply> generate(BuiltPrompt prompt, int count, SamplingSettings sampling, ReplyStream stream,
                                          BooleanSupplier cancelled) {
        return generate(prompt.text(), count, sampling, stream, cancelled);
    }

    /** Receives streamed text, and how far the model has read the prompt before the first token. */
    @FunctionalInterface
    interface ReplyStream {
        void onDelta(int candidateIndex, String textDelta);

        /** {@code done} of {@code total} prompt tokens read (kept prompts count at once). */
        default void onPromptRead(int done, int total) {
        }

        ReplyStream IGNORE = (index, delta) -> { };
    }

    /**
     * One generated candidate.
     *
     * @param tokenCount   how many tokens were generated
     * @param finishReason the name of the model's {@code FinishReason}, stored as it is: {@code "END_OF_TEXT"},
     *                     {@code "STOP"} (a stop string or speaker line), {@code "LENGTH"}, {@code "CANCELLED"}
     *                     (rows stored before 0.1.x hold the older lower-case {@code "stop"}, {@code "length"},
     *                     {@code "cancelled"})
     * @param logprobsJson per-token top-K log-probabilities as a JSON array, or null when not asked:
     *                     {@code [{"token": "你", "logprob": -0.1, "top": [{"token": "你", "logprob": -0.1}, ...]}, ...]}
     */
    record GeneratedReply(String text, int tokenCount, String finishReason, String logprobsJson, String modelName) {
        /** {@code FinishReason.CANCELLED.name()}, spelled out so that chat needs no model type (a test checks). */
        public static final String CANCELLED = "CANCELLED";

        public boolean wasCancelled() {
            return CANCELLED.equals(finishReason);
        }
    }

    /** The generator while no model is loaded: refuses with a message that says what to do instead. */
    static ReplyGenerator none() {
        return new ReplyGenerator() {
            @Override
            public boolean available() {
                return false;
            }

            @Override
            public String modelName() {
                return "";
            }

            @Override
            public List<GeneratedReply> generate(String prompt, int count, SamplingSettings sampling,
                                                 ReplyStream stream, BooleanSupplier cancelled) {
                throw new ChatException("No model is loaded, so no replies can be generated. "
                        + "Write the reply by hand, or load a model folder from models/ first.");
            }
        };
    }
}
