package app.characterstudio.cli;

import app.characterstudio.eval.EvalService;
import app.characterstudio.eval.ModelIdentity;
import app.characterstudio.eval.Sampling;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.Completion;
import app.characterstudio.model.run.GenerationListener;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.model.run.LoadedModel;
import app.characterstudio.model.run.SamplingParams;
import app.characterstudio.store.EvalRepository.ReplyRow;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench eval}: an evaluation run over a generated CharacterEval-shaped set, one model load for all items. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Time an evaluation run: N generated CharacterEval-format items answered by one model, loaded once "
            + "(a throwaway workspace; nothing of yours is touched). Reports items/s and, over the stored prompts of the "
            + "first items, the share of time in prefill vs decode.",
            "For the Index-1.9B shape on this machine, make a random-weight folder with "
            + "'bench generate --keep DIR' and pass --model DIR."})
final class BenchEvalCommand implements Callable<Integer> {
    /** A short template for models whose context is too small for the default layout (the tiny fixtures). */
    static final String SHORT_TEMPLATE = "${role_info}${dialog}\n${role_name}:";
    private static final int SMALL_CONTEXT = 1024;
    private static final int TIMED_PROMPTS = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder or name under models/.")
    String model;

    @Option(names = "--items", defaultValue = "200", paramLabel = "N", description = "Items (default ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--max-new-tokens", defaultValue = "16", paramLabel = "N", description = "Default ${DEFAULT-VALUE}.")
    int maxNewTokens;

    @Mixin
    DeviceOptions deviceOptions = new DeviceOptions();

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = ModelCommand.resolveModelDir(spec, Path.of(model));
        Path root = Files.createTempDirectory("studio-bench-eval");
        try (Studio studio = Studio.open(Workspace.open(root.resolve("ws")))) {
            Path data = writeSet(root.resolve("data"), items);
            long loadStart = System.nanoTime();
            LoadedModel loaded = studio.models().load(dir, deviceOptions.loadOptions(), LoadProgress.IGNORE,
                    Cancellation.NEVER);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            ModelIdentity identity = ModelIdentity.of(loaded.folder(), loaded.format());
            EvalService evals = studio.evals();
            evals.importCharacterEval(data, "bench");
            boolean shortTemplate = loaded.config().maxPositions() < SMALL_CONTEXT;
            if (shortTemplate) {
                studio.personas().list().forEach(p -> studio.chat().saveTemplate(p.id(), SHORT_TEMPLATE));
            }
            Sampling sampling = new Sampling(maxNewTokens, 0.3, 5, 0.8, 1.05, 42);
            long start = System.nanoTime();
            EvalService.RunOutcome outcome = evals.run(new EvalService.RunRequest("bench", null, sampling, null,
                    EvalService.DEFAULT_BATCH), identity, EvalService.RunListener.IGNORE, () -> false);
            double seconds = (System.nanoTime() - start) / 1e9;
            double prefill = 0;
            double decode = 0;
            List<ReplyRow> replies = evals.replies(outcome.run().id());
            SamplingParams params = SamplingParams.DEFAULTS.withMaxNewTokens(maxNewTokens).withSeed(42L);
            for (ReplyRow reply : replies.subList(0, Math.min(TIMED_PROMPTS, replies.size()))) {
                Completion c = loaded.generator().generate(reply.prompt(), params, 1, GenerationListener.IGNORE,
                        Cancellation.NEVER).get(0);
                prefill += c.timings().prefillMillis();
                decode += c.timings().decodeMillis();
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", identity.name());
            report.put("device", loaded.device().label());
            report.put("dtype", loaded.precision().label());
            report.put("items", outcome.done());
            report.put("model_loads", 1);
            report.put("load_seconds", round(loadSeconds));
            report.put("run_seconds", round(seconds));
            report.put("items_per_second", round(outcome.done() / seconds));
            report.put("prefill_share", round(prefill / (prefill + decode)));
            report.put("short_template", shortTemplate);
            if (json) {
                out.println(Json.write(report));
            } else {
                out.printf(Locale.ROOT, "%s on %s %s: %d items in %.2f s (one load, %.2f s): %.2f items/s; "
                                + "prefill %.0f%% / decode %.0f%% of generation time (first %d prompts)%s%n",
                        identity.name(), loaded.device().label(), loaded.precision().label(), outcome.done(), seconds,
                        loadSeconds, outcome.done() / seconds, 100 * prefill / (prefill + decode),
                        100 * decode / (prefill + decode), Math.min(TIMED_PROMPTS, replies.size()),
                        shortTemplate ? "; short template (context " + loaded.config().maxPositions() + ")" : "");
            }
        } finally {
            BenchExportCommand.delete(root);
        }
        out.flush();
        return 0;
    }

    /** A CharacterEval-format folder of {@code count} items over four characters. */
    static Path writeSet(Path dir, int count) throws IOException {
        Files.createDirectories(dir);
        String[] roles = {"小明", "三三", "二二", "林知夏"};
        StringBuilder test = new StringBuilder("[");
        StringBuilder metrics = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            String role = roles[i % roles.length];
            test.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"role\":\"").append(role)
                    .append("\",\"novel_name\":\"bench\",\"context\":\"观众：第").append(i).append("个问题，今天做什么？\\n")
                    .append(role).append("：我想想。\\n观众：快说呀。\"}");
            metrics.append(i == 0 ? "" : ",").append("\"").append(i).append("\":[[\"Fluency\",\"对话流利度\"]]");
        }
        StringBuilder profiles = new StringBuilder("{");
        for (int r = 0; r < roles.length; r++) {
            profiles.append(r == 0 ? "" : ",").append("\"").append(roles[r]).append("\":{\"姓名\":\"").append(roles[r])
                    .append("\"}");
        }
        Files.writeString(dir.resolve("test_data.jsonl"), test.append("]"), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("id2metric.jsonl"), metrics.append("}"), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("character_profiles.json"), profiles.append("}"), StandardCharsets.UTF_8);
        return dir;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
