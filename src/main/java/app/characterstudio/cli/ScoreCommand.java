package app.characterstudio.cli;

import app.characterstudio.backend.Backend;
import app.characterstudio.backend.CompletionsClient;
import app.characterstudio.export.RewardLayout;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.reward.RewardInput;
import app.characterstudio.reward.RewardModel;
import app.characterstudio.scoring.RewardAgreement;
import app.characterstudio.scoring.RewardScoring;
import app.characterstudio.scoring.ScoringListener;
import app.characterstudio.scoring.ScoringReport;
import app.characterstudio.scoring.ScoringScope;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code score}: a reward model's scores of the stored replies, or of a reply to a prompt given on the line. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score replies with a reward model (a folder, or a folder name under the workspace's models/): "
                + "a Hugging Face *ForSequenceClassification checkpoint with num_labels 1 (score.weight), or "
                + "LLaMA-Factory's reward output (a model folder plus value_head.safetensors or value_head.bin).",
            "Without --prompt: scores the stored replies of the workspace (of --character/--session, all by default) "
                + "and stores each score with the model's name and a hash of its weights and layout, never as a "
                + "label. Replies this model scored already are skipped, so a second run is a no-op and a run "
                + "stopped with Ctrl+C resumes where it stopped (every finished batch is stored). Another model, "
                + "other weights or another --layout make a new score set beside the old ones.",
            "Each reply is read as the studio's preference export writes it in the model's layout (a workspace "
                + "setting per model, index-dpo:stored until --layout changes it): the export's prompt, then the "
                + "reply, encoded with the model's tokenizer, its config's eos_token_id appended when there is one.",
            "With --prompt: the model reads PROMPT immediately followed by REPLY, encoded as one text (BOS only when "
                + "its tokenizer_config.json sets add_bos_token); prints one score per reply; --json prints "
                + "{\"score\": S} for one reply, {\"scores\": [S, ...]} for several."})
final class ScoreCommand implements Callable<Integer> {
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

    @Option(names = "--prompt", paramLabel = "TEXT", description = "Score --reply after this prompt, exactly as "
            + "the reward model was trained to see it (no separator is added before the reply); stores nothing.")
    String prompt;

    @Option(names = "--reply", paramLabel = "TEXT", description = "A reply to score after --prompt (repeatable).")
    List<String> replies = List.of();

    @Option(names = "--character", paramLabel = "ID", arity = "1..*", description = "Only replies of these characters.")
    List<String> characters = List.of();

    @Option(names = "--session", paramLabel = "ID", arity = "1..*", description = "Only replies of these sessions.")
    List<Long> sessions = List.of();

    @Option(names = "--unscored", description = "Only replies no reward model has scored yet.")
    boolean unscored;

    @Option(names = "--layout", paramLabel = "FORMAT:PART", description = "Set the model's layout in the workspace "
            + "first (kept for later runs and the window): index-dpo:stored (default), index-dpo:template or "
            + "index-dpo:persona.")
    String layout;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + RewardModel.DEFAULT_BATCH,
            description = "Replies per forward pass (default ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    DeviceOptions deviceOptions = new DeviceOptions();

    @Mixin
    JsonOutput output = new JsonOutput();

    @Override
    public Integer call() {
        if ((model == null) == (backendName == null)) {
            throw new ParameterException(spec.commandLine(),
                    "score needs exactly one of --model RM (the local engine) or --backend NAME");
        }
        if (prompt == null && !replies.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--reply needs --prompt (without --prompt the stored "
                    + "replies are scored)");
        }
        if (prompt != null && (replies.isEmpty() || !characters.isEmpty() || !sessions.isEmpty() || unscored
                || layout != null)) {
            throw new ParameterException(spec.commandLine(), replies.isEmpty() ? "--prompt needs at least one --reply"
                    : "--prompt scores the given --reply texts only; --character, --session, --unscored and --layout "
                    + "are for the stored replies");
        }
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
        }
        RewardLayout newLayout = layout == null ? null : parseLayout(layout);
        if (backendName != null) {
            if (prompt == null) {
                throw new ParameterException(spec.commandLine(), "--backend scores --prompt with --reply texts only; "
                        + "the stored replies are scored with --model");
            }
            return onBackend();
        }
        Path dir = ModelCommand.resolveModelDir(spec, Path.of(model));
        LoadOptions options = deviceOptions.loadOptions();
        try (RewardModel rm = RewardModel.open(dir, options, LoadProgress.IGNORE, Cancellation.NEVER)) {
            return prompt != null ? scorePair(rm) : scoreStored(rm, newLayout);
        }
    }

    private RewardLayout parseLayout(String text) {
        try {
            return RewardLayout.parse(text);
        } catch (app.characterstudio.export.ExportException e) {
            throw new ParameterException(spec.commandLine(), "--layout: " + e.getMessage());
        }
    }

    private int scorePair(RewardModel rm) {
        print(rm.score(replies.stream().map(reply -> new RewardInput(prompt, reply)).toList(), batch), Map.of(),
                spec.commandLine().getOut());
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

    private int scoreStored(RewardModel rm, RewardLayout newLayout) {
        RewardScoring scoring = StudioCommand.studioOf(spec).rewardScoring();
        if (newLayout != null) {
            scoring.setLayout(rm.name(), newLayout);
        }
        PrintWriter err = spec.commandLine().getErr();
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted.set(true);
            try {
                finished.await(60, TimeUnit.SECONDS);          // let the batch in hand be stored and reported
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "score-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        ScoringReport report;
        try {
            err.printf(Locale.ROOT, "Scoring with %s in layout %s%n", rm.name(), scoring.layoutOf(rm.name()).id());
            err.flush();
            report = scoring.score(rm, new ScoringScope(Set.copyOf(characters), Set.copyOf(sessions), unscored),
                    batch, new ScoringListener() {
                        @Override
                        public void progress(int done, int total) {
                            if (total > 0) {
                                err.printf(Locale.ROOT, "scored %d of %d%n", done, total);
                                err.flush();
                            }
                        }

                        @Override
                        public boolean isCancelled() {
                            return interrupted.get();
                        }
                    });
            print(report, scoring.agreement(report.set(), Set.copyOf(characters)));
        } finally {
            finished.countDown();
            if (!interrupted.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return report.cancelled() ? 130 : 0;
    }

    private void print(ScoringReport report, RewardAgreement agreement) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("score_set", report.set().label());
            result.put("model", report.set().modelName());
            result.put("weights_sha256", report.set().weightsHash());
            result.put("layout", report.set().layout());
            result.put("candidates", report.candidates());
            result.put("already_scored", report.skipped());
            result.put("scored", report.scored());
            result.put("left", report.left());
            result.put("cancelled", report.cancelled());
            RewardAgreement.Accuracy overall = agreement.overall();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("agreeing", overall.agreeing());
            figures.put("pairs", overall.pairs());
            figures.put("accuracy", overall.pairs() == 0 ? null : overall.share());
            figures.put("ci95_low", overall.low());
            figures.put("ci95_high", overall.high());
            figures.put("unscored_pairs", agreement.unscoredPairs());
            result.put("agreement", figures);
            out.println(Json.write(result));
        } else {
            out.printf(Locale.ROOT, "%s (%s): %d replies in scope, %d scored now, %d already scored%s%n",
                    report.set().label(), report.set().layout(), report.candidates(), report.scored(), report.skipped(),
                    report.cancelled() ? "; stopped with " + report.left() + " left (run again to resume)" : "");
            out.println("Agreement with the labels: " + agreement.overall().describe());
        }
        out.flush();
    }
}
