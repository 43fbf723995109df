package app.characterstudio.model.run;

import java.util.List;

/** One candidate reply: its text (stop text excluded), the ids generated, why it ended, and optional logprobs. */
public record Completion(int index, String text, int[] tokenIds, FinishReason finishReason,
                         List<TokenLogprobs> logprobs, GenerationTimings timings) {
    public Completion {
        tokenIds = tokenIds.clone();
        logprobs = List.copyOf(logprobs);
    }

    @Override
    public int[] tokenIds() {
        return tokenIds.clone();
    }
}
