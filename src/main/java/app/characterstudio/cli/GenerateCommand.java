package app.characterstudio.cli;

import app.characterstudio.model.run.Completion;
import app.characterstudio.model.run.GenerationListener;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.model.run.LoadedModel;
import app.characterstudio.model.run.ModelService;
import app.characterstudio.model.run.SamplingParams;
import app.characterstudio.model.run.TokenLogprobs;
import app.characterstudio.model.run.GenerationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate}: continue a prompt with a model folder, streaming the text, or as JSON with logprobs. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Continue a prompt with a model (a folder, or a folder name under the workspace's models/).",
            "Streams the text to stdout; --json prints prompt token ids and, per candidate, text, token ids, "
                + "finish reason, per-token top-K logprobs (--logprobs) and timings.",
            "Defaults follow the Index Character demos: " + SamplingParams.DEFAULTS_IN_WORDS
                + "; stops at </s> and at a new 'name:' line."})
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder or name under models/.")
    String model;

    @ArgGroup(multiplicity = "1")
    PromptSource prompt;

    static final class PromptSource {
        @Option(names = "--prompt", paramLabel = "TEXT", description = "The prompt text.")
        String text;

        @Option(names = "--prompt-file", paramLabel = "FILE", description = "A UTF-8 file holding the prompt.")
        Path file;
    }

    @Option(names = "--greedy", description = "Always take the most likely token.")
    boolean greedy;

    @Mixin
    SamplingOptions samplingOptions = new SamplingOptions();

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "1", description = "Replies decoded together in one batch.")
    int candidates;

    @Option(names = "--logprobs", paramLabel = "K", defaultValue = "0", description = "Top-K log-probabilities per token (JSON).")
    int logprobs;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Also stop before this text (repeatable).")
    List<String> stops = List.of();

    @Option(names = "--no-speaker-stop", description = "Do not stop at a new 'name:' line.")
    boolean noSpeakerStop;

    @Mixin
    DeviceOptions deviceOptions = new DeviceOptions();

    @Mixin
    JsonOutput output = new JsonOutput();

    @Override
    public Integer call() {
        SamplingParams params = sampling();
        String text = promptText();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = ModelCommand.resolveModelDir(spec, Path.of(model));
        LoadOptions options = deviceOptions.loadOptions();
        try (LoadedModel loaded = ModelService.open(dir, options, LoadProgress.IGNORE, Cancellation.NEVER)) {
            int[] promptIds = loaded.tokenizer().encode(text);
            GenerationListener listener = !output.json() && candidates == 1 ? new GenerationListener() {
                @Override
                public void onText(int candidate, String delta) {
                    out.print(delta);
                    out.flush();
                }
            } : GenerationListener.IGNORE;
            List<Completion> completions = loaded.generator().generate(promptIds, params, candidates, listener,
                    Cancellation.NEVER);
            if (output.json()) {
                out.println(Json.write(new Output(loaded.name(), loaded.device().label(), loaded.device().reason(),
                        loaded.precision().label(), loaded.precisionReason(), promptIds, completions.stream().map(CandidateJson::of).toList())));
            } else {
                if (candidates == 1) {
                    out.println();
                } else {
                    for (Completion c : completions) {
                        out.println("--- candidate " + (c.index() + 1) + " (" + c.finishReason() + ") ---");
                        out.println(c.text());
                    }
                }
                Completion first = completions.get(0);
                err.printf(Locale.ROOT, "[%s %s: %d prompt tokens, prefill %.0f ms, %.2f tokens/s per candidate, %s]%n",
                        loaded.device().label(), loaded.precision().label(), promptIds.length,
                        first.timings().prefillMillis(), first.timings().tokensPerSecond(), first.finishReason());
            }
            out.flush();
            err.flush();
            return 0;
        }
    }

    private SamplingParams sampling() {
        if (candidates < 1 || candidates > app.characterstudio.model.run.Generator.MAX_CANDIDATES) {
            throw new GenerationException("--candidates must be 1 to " + app.characterstudio.model.run.Generator.MAX_CANDIDATES);
        }
        return samplingOptions.applyTo(SamplingParams.DEFAULTS.withGreedy(greedy).withLogprobs(logprobs)
                .withStops(stops, !noSpeakerStop));
    }

    private String promptText() {
        if (prompt.text != null) {
            return prompt.text;
        }
        try {
            return Files.readString(prompt.file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GenerationException("cannot read the prompt file " + prompt.file + ": " + e.getMessage());
        }
    }

    record Output(String model, String device, String deviceReason, String dtype, String dtypeReason,
                  int[] promptTokenIds, List<CandidateJson> candidates) {
    }

    record CandidateJson(int index, String text, int[] tokenIds, String finishReason, List<TokenLogprobs> logprobs,
                         Timings timings) {
        static CandidateJson of(Completion c) {
            var t = c.timings();
            return new CandidateJson(c.index(), c.text(), c.tokenIds(), c.finishReason().name().toLowerCase(Locale.ROOT),
                    c.logprobs(), new Timings(t.promptTokens(), t.prefillMillis(), t.decodeMillis(), t.decodeSteps(),
                            t.tokensPerSecond()));
        }
    }

    record Timings(int promptTokens, double prefillMs, double decodeMs, int decodeSteps, double tokensPerSecond) {
    }
}
