package app.characterstudio.bench;

import app.characterstudio.eval.EvalService;
import app.characterstudio.eval.ModelIdentity;
import app.characterstudio.eval.Sampling;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.Completion;
import app.characterstudio.model.run.GenerationListener;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.model.run.LoadedModel;
import app.characterstudio.model.run.SamplingParams;
import app.characterstudio.store.EvalRepository.ReplyRow;
import app.characterstudio.workspace.Studio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An evaluation run over N generated CharacterEval-format items in a throwaway workspace, the model loaded once:
 * items per second, and over the stored prompts of the first {@link #TIMED_PROMPTS} items, the share of generation
 * time spent in prefill against decode.
 */
public final class EvalBenchmark {
    /** A short template for models whose context is too small for the default layout (the tiny fixtures). */
    static final String SHORT_TEMPLATE = "${role_info}${dialog}\n${role_name}:";
    static final int SMALL_CONTEXT = 1024;
    public static final int TIMED_PROMPTS = 20;

    private EvalBenchmark() {
    }

    public record Result(String model, String device, String dtype, int items, double loadSeconds, double runSeconds,
                         double prefillShare, int timedPrompts, boolean shortTemplate, int contextLength) {
        public double itemsPerSecond() {
            return items / runSeconds;
        }
    }

    public static Result run(Path modelDir, LoadOptions options, int items, int maxNewTokens) {
        Path root = WorkFolder.temporary("studio-bench-eval");
        try (Studio studio = Studio.open(app.characterstudio.workspace.Workspace.open(root.resolve("ws")))) {
            Path data = writeSet(root.resolve("data"), items);
            long loadStart = System.nanoTime();
            LoadedModel loaded = studio.models().load(modelDir, options, LoadProgress.IGNORE, Cancellation.NEVER);
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
            List<ReplyRow> timed = replies.subList(0, Math.min(TIMED_PROMPTS, replies.size()));
            SamplingParams params = SamplingParams.DEFAULTS.withMaxNewTokens(maxNewTokens).withSeed(42L);
            for (ReplyRow reply : timed) {
                Completion c = loaded.generator().generate(reply.prompt(), params, 1, GenerationListener.IGNORE,
                        Cancellation.NEVER).get(0);
                prefill += c.timings().prefillMillis();
                decode += c.timings().decodeMillis();
            }
            return new Result(identity.name(), loaded.device().label(), loaded.precision().label(), outcome.done(),
                    loadSeconds, seconds, prefill / (prefill + decode), timed.size(), shortTemplate,
                    loaded.config().maxPositions());
        } finally {
            WorkFolder.delete(root);
        }
    }

    /** A CharacterEval-format folder of {@code count} items over four characters. */
    static Path writeSet(Path dir, int count) {
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
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("test_data.jsonl"), test.append("]"), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("id2metric.jsonl"), metrics.append("}"), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("character_profiles.json"), profiles.append("}"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
