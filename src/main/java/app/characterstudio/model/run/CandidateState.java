package app.characterstudio.model.run;

import java.util.ArrayList;
import java.util.List;

/** The reply of one candidate while it is generated. */
final class CandidateState {
    final int index;
    final TokenSampler sampler;
    final TextCodec.TextStream stream;
    final StopDetector stops;
    final List<Integer> ids = new ArrayList<>();
    final List<TokenLogprobs> logprobs = new ArrayList<>();
    FinishReason finish;
    int lastToken;

    CandidateState(int index, TokenSampler sampler, TextCodec.TextStream stream, StopDetector stops) {
        this.index = index;
        this.sampler = sampler;
        this.stream = stream;
        this.stops = stops;
    }

    boolean active() {
        return finish == null;
    }

    Completion toCompletion(GenerationTimings timings) {
        int[] tokenIds = ids.stream().mapToInt(Integer::intValue).toArray();
        return new Completion(index, stops.finalText(), tokenIds, finish, logprobs, timings);
    }
}
