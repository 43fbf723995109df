package app.characterstudio.model.run;

import java.util.List;

/** A generated token, its log-probability under the model, and the most likely alternatives at that step. */
public record TokenLogprobs(int tokenId, String piece, float logprob, List<Alternative> top) {
    public TokenLogprobs {
        top = List.copyOf(top);
    }

    public record Alternative(int tokenId, String piece, float logprob) {
    }
}
