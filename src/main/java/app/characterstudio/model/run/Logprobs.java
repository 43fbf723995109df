package app.characterstudio.model.run;

import java.util.ArrayList;
import java.util.List;

/** Log-probabilities from a row of raw logits (the model's own distribution, before sampling settings). */
final class Logprobs {
    private Logprobs() {
    }

    static TokenLogprobs of(float[] logits, int chosen, int topCount, TextCodec codec) {
        double max = Double.NEGATIVE_INFINITY;
        for (float value : logits) {
            max = Math.max(max, value);
        }
        double sum = 0;
        for (float value : logits) {
            sum += Math.exp(value - max);
        }
        double logNormaliser = max + Math.log(sum);
        List<TokenLogprobs.Alternative> top = new ArrayList<>();
        for (int id : TopTokens.indicesByScore(logits, topCount)) {
            top.add(new TokenLogprobs.Alternative(id, codec.displayPiece(id), (float) (logits[id] - logNormaliser)));
        }
        return new TokenLogprobs(chosen, codec.displayPiece(chosen), (float) (logits[chosen] - logNormaliser), top);
    }
}
