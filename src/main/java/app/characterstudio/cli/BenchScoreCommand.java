package app.characterstudio.cli;

import app.characterstudio.bench.ScoringBenchmark;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.reward.RewardModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench score}: reward scoring speed (a prefill) at several batch sizes, side by side. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Measure reward scoring on a reward model folder: --replies texts of about --prompt-tokens "
                + "tokens (different replies to one prompt) scored at each --batch size after a warm-up pass.",
            "Prints texts/s and ms per forward pass per batch size, and each batch's cost as a multiple of one "
                + "text's (a batch of 8 should cost well under 3x one). Scoring is a prefill: compare with the "
                + "time to first token of bench generate on the same model and prompt length."})
final class BenchScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RM", description = "Reward model folder or name under models/.")
    String model;

    @Option(names = "--batch", split = ",", defaultValue = "1,4,8", description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--replies", defaultValue = "32", description = "Texts scored per batch size (default: ${DEFAULT-VALUE}).")
    int replies;

    @Option(names = "--prompt-tokens", defaultValue = "200",
            description = "Tokens of each text, about (default: ${DEFAULT-VALUE}; capped by the model's positions).")
    int promptTokens;

    @Mixin
    DeviceOptions deviceOptions = new DeviceOptions();

    @Override
    public Integer call() {
        if (batches.stream().anyMatch(b -> b < 1) || replies < 1 || promptTokens < 1) {
            throw new ParameterException(spec.commandLine(), "--batch sizes, --replies and --prompt-tokens must be "
                    + "at least 1");
        }
        Path dir = ModelCommand.resolveModelDir(spec, Path.of(model));
        PrintWriter out = spec.commandLine().getOut();
        try (RewardModel rm = RewardModel.open(dir, deviceOptions.loadOptions(), LoadProgress.IGNORE, Cancellation.NEVER)) {
            List<ScoringBenchmark.Result> results = ScoringBenchmark.run(rm, batches, replies, promptTokens);
            out.printf(Locale.ROOT, "%s on %s (%s): %d texts of %d tokens%n", rm.name(), rm.device().label(), rm.precision(),
                    results.get(0).texts(), results.get(0).tokensPerText());
            out.printf(Locale.ROOT, "%6s %12s %14s %16s%n", "batch", "texts/s", "ms/pass", "pass vs batch 1");
            double single = results.stream().filter(r -> r.batch() == 1).mapToDouble(ScoringBenchmark.Result::msPerBatch)
                    .findFirst().orElse(Double.NaN);
            for (ScoringBenchmark.Result r : results) {
                out.printf(Locale.ROOT, "%6d %12.1f %14.2f %15.2fx%n", r.batch(), r.perSecond(), r.msPerBatch(),
                        r.msPerBatch() / single);
            }
        }
        out.flush();
        return 0;
    }
}
