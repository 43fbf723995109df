package app.characterstudio.cli;

import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.reward.RewardInput;
import app.characterstudio.reward.RewardModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code score}: a reward model's score of a reply to a prompt (issue 13's first slice: no database yet). */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score replies with a reward model (a folder, or a folder name under the workspace's models/): "
                + "a Hugging Face *ForSequenceClassification checkpoint with num_labels 1 (score.weight), or "
                + "LLaMA-Factory's reward output (a model folder plus value_head.safetensors or value_head.bin).",
            "The model reads PROMPT immediately followed by REPLY, encoded as one text with its own tokenizer "
                + "(BOS only when its tokenizer_config.json sets add_bos_token, its config.json's eos_token_id "
                + "appended when there is one), and is scored at the last token.",
            "Several --reply are scored together in batches of " + RewardModel.DEFAULT_BATCH
                + ". Prints one score per reply; --json prints {\"score\": S} for one reply, "
                + "{\"scores\": [S, ...]} for several."})
final class ScoreCommand implements Callable<Integer>, ReadsOnly {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RM", description = "Reward model folder or name under models/.")
    String model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt, exactly as the "
            + "reward model was trained to see it (no separator is added before the reply).")
    String prompt;

    @Option(names = "--reply", required = true, paramLabel = "TEXT", description = "A reply to score (repeatable).")
    List<String> replies;

    @Mixin
    DeviceOptions deviceOptions = new DeviceOptions();

    @Mixin
    JsonOutput output = new JsonOutput();

    @Override
    public Integer call() {
        Path dir = ModelCommand.resolveModelDir(spec, Path.of(model));
        LoadOptions options = deviceOptions.loadOptions();
        PrintWriter out = spec.commandLine().getOut();
        try (RewardModel rm = RewardModel.open(dir, options, LoadProgress.IGNORE, Cancellation.NEVER)) {
            List<Double> scores = rm.score(replies.stream().map(reply -> new RewardInput(prompt, reply)).toList());
            if (output.json()) {
                out.println(Json.write(scores.size() == 1 ? Map.of("score", scores.get(0)) : Map.of("scores", scores)));
            } else {
                for (int i = 0; i < scores.size(); i++) {
                    out.printf(Locale.ROOT, "%.6f  %s%n", scores.get(i), replies.get(i).replace("\n", "\\n"));
                }
            }
        }
        out.flush();
        return 0;
    }
}
