package app.characterstudio.cli;

import app.characterstudio.StudioException;
import app.characterstudio.backend.Backend;
import app.characterstudio.backend.CompletionsClient;
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

    @Option(names = "--model", paramLabel = "RM", description = "Reward model folder or name under models/.")
    String model;

    @Option(names = "--backend", paramLabel = "NAME",
            description = {"Score on this inference server instead (see backend add; its --model is the served reward "
                    + "model's name): vLLM's /pooling gives the head's raw score, as --model does; a server with only "
                    + "/classify gives its probability (the sigmoid of that score), and the output says which.",
                    "The server encodes PROMPT+REPLY with its own tokenizer; the local scoring also appends the EOS "
                    + "token, so compare a few scores before mixing the two."})
    String backendName;

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
        if ((model == null) == (backendName == null)) {
            throw new StudioException("score needs exactly one of --model RM (the local engine) or --backend NAME.");
        }
        if (backendName != null) {
            return onBackend();
        }
        Path dir = ModelCommand.resolveModelDir(spec, Path.of(model));
        LoadOptions options = deviceOptions.loadOptions();
        PrintWriter out = spec.commandLine().getOut();
        try (RewardModel rm = RewardModel.open(dir, options, LoadProgress.IGNORE, Cancellation.NEVER)) {
            print(rm.score(replies.stream().map(reply -> new RewardInput(prompt, reply)).toList()), Map.of(), out);
        }
        return 0;
    }

    private int onBackend() {
        Backend backend = StudioCommand.studioOf(spec).backends().get(backendName);
        CompletionsClient.Scores scores = CompletionsClient.of(backend).score(
                replies.stream().map(reply -> prompt + reply).toList());
        print(scores.values(), Map.of("backend", backend.name(), "model", backend.model(), "route", scores.route()),
                spec.commandLine().getOut());
        return 0;
    }

    private void print(List<Double> scores, Map<String, String> where, PrintWriter out) {
        if (output.json()) {
            Map<String, Object> answer = new java.util.LinkedHashMap<>(where);
            if (scores.size() == 1) {
                answer.put("score", scores.get(0));
            } else {
                answer.put("scores", scores);
            }
            out.println(Json.write(answer));
        } else {
            if (!where.isEmpty()) {
                out.println("# backend " + where.get("backend") + " (" + where.get("model") + ") via " + where.get("route"));
            }
            for (int i = 0; i < scores.size(); i++) {
                out.printf(Locale.ROOT, "%.6f  %s%n", scores.get(i), replies.get(i).replace("\n", "\\n"));
            }
        }
        out.flush();
    }
}
