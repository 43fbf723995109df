package app.characterstudio.bench;

import app.characterstudio.reward.RewardInput;
import app.characterstudio.reward.RewardModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Times reward scoring, a prefill only: the same {@code replies} texts scored at each batch size, after one warm-up
 * pass, so the figures sit side by side in one run.
 */
public final class ScoringBenchmark {
    /** One batch size's figures: {@code msPerBatch} for a full batch, {@code perSecond} texts scored a second. */
    public record Result(int batch, int texts, int tokensPerText, double seconds, double perSecond, double msPerBatch) {
    }

    private ScoringBenchmark() {
    }

    /**
     * Scores {@code count} texts of about {@code promptTokens} tokens (different replies to one prompt, as a turn's
     * candidates) at each batch size in {@code batches}.
     */
    public static List<Result> run(RewardModel model, List<Integer> batches, int count, int promptTokens) {
        List<RewardInput> inputs = inputs(model, count, promptTokens);
        int tokens = model.encode(inputs.get(0)).length;
        model.score(inputs.subList(0, Math.min(inputs.size(), batches.stream().mapToInt(Integer::intValue).max()
                .orElse(1))), batches.stream().mapToInt(Integer::intValue).max().orElse(1));   // warm-up
        List<Result> results = new ArrayList<>();
        for (int batch : batches) {
            long start = System.nanoTime();
            model.score(inputs, batch);
            double seconds = (System.nanoTime() - start) / 1e9;
            int passes = (inputs.size() + batch - 1) / batch;
            results.add(new Result(batch, inputs.size(), tokens, seconds, inputs.size() / seconds,
                    seconds * 1000 / passes));
        }
        return results;
    }

    private static List<RewardInput> inputs(RewardModel model, int count, int promptTokens) {
        StringBuilder prompt = new StringBuilder();
        while (model.encode(new RewardInput(prompt.toString(), "")).length < promptTokens) {
            prompt.append("user:今天天气怎么样？\n三三:挺好的呀，我们出去走走吧。\n");
        }
        List<RewardInput> inputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            inputs.add(new RewardInput(prompt.toString(), "第" + i + "个回复：好呀！"));
        }
        return inputs;
    }
}
