package app.characterstudio.backend;

import java.util.List;

/**
 * One {@code POST /v1/completions}: the fields of the OpenAI completions API, plus the extensions
 * {@code top_k} and {@code repetition_penalty} (vLLM, llama.cpp) where not null.
 *
 * @param seed     null to let the server choose
 * @param logprobs how many top alternatives per token to return, or null for none
 */
public record CompletionRequest(String prompt, int n, int maxTokens, double temperature, double topP, Long seed,
                                List<String> stop, Integer logprobs, boolean stream, Integer topK,
                                Double repetitionPenalty) {
    public CompletionRequest {
        if (prompt == null) {
            throw new IllegalArgumentException("prompt is null");
        }
        if (n < 1 || maxTokens < 1) {
            throw new IllegalArgumentException("n and max_tokens must be at least 1, got " + n + " and " + maxTokens);
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** A short request with everything else at the server's defaults: for checks. */
    public static CompletionRequest probe(String prompt, int maxTokens) {
        return new CompletionRequest(prompt, 1, maxTokens, 0, 1, null, List.of(), null, false, null, null);
    }

    public CompletionRequest withStream(boolean on) {
        return new CompletionRequest(prompt, n, maxTokens, temperature, topP, seed, stop, logprobs, on, topK,
                repetitionPenalty);
    }
}
