package app.characterstudio.backend;

import app.characterstudio.chat.TokenProbability;
import java.net.URI;
import java.util.List;

/**
 * What the server answered.
 *
 * @param choices      one per candidate, in {@code index} order
 * @param promptTokens the server's {@code usage.prompt_tokens}, or -1 when it did not say
 * @param servedBy     the base URL that answered
 */
public record CompletionResult(List<Choice> choices, int promptTokens, URI servedBy) {
    public CompletionResult {
        choices = List.copyOf(choices);
    }

    /**
     * One candidate.
     *
     * @param finishReason the server's {@code finish_reason} ({@code "stop"}, {@code "length"}), or empty
     * @param logprobs     per-token log-probabilities with the top alternatives; empty when not asked
     * @param tokens       generated tokens: streamed chunks, the logprobs' length, or the usage of a single choice;
     *                     0 when the server did not say
     */
    public record Choice(int index, String text, String finishReason, List<TokenProbability> logprobs, int tokens) {
        public Choice {
            logprobs = List.copyOf(logprobs);
        }
    }
}
