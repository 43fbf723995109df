package app.characterstudio.cli;

import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.TensorType;
import app.characterstudio.bench.GenerationBenchmark;
import app.characterstudio.bench.WorkFolder;
import app.characterstudio.model.run.Precision;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench generate}: decode speed, batch cost, time to first token and load time against the bandwidth bound. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Measure generation on a model folder, or on a random-weight model of the Index-1.9B shape "
                + "created for the run (written to disk in a streaming way; deleted afterwards unless --keep).",
            "Reports copy and read bandwidth, load time, decode ms/step for each --batch side by side, the "
                + "memory-bandwidth bound (weight bytes per step / read bandwidth; also against the copy rate), "
                + "time to first token for a --long-prompt, and for the same prompt again (Regenerate: the prompt "
                + "cache).",
            "Before PyTorch loads, the studio sets OMP_WAIT_POLICY=PASSIVE and, on a non-Intel x86 CPU, MKL_CBWR "
                + "to oneMKL's AVX512 or AVX2 branch (models/README.md). Values already in the environment are kept: "
                + "MKL_CBWR= (empty) measures MKL's own choice; java -Dcharacterstudio.rowBlocks=false measures "
                + "decode without the row-block split."})
final class BenchGenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "An existing model folder (else a random one is made).")
    Path model;

    @Option(names = "--keep", paramLabel = "DIR",
            description = "Make the random model in DIR and keep it (reused when DIR already holds one).")
    Path keep;

    @Option(names = "--layers", defaultValue = "36", description = "Layers of the random model (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--hidden", defaultValue = "2048", description = "Hidden size of the random model (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--intermediate", defaultValue = "5888",
            description = "MLP size of the random model (default: ${DEFAULT-VALUE}).")
    int intermediate;

    @Option(names = "--disk-dtype", defaultValue = "fp32", description = "fp32 or bf16 on disk (default: ${DEFAULT-VALUE}).")
    String diskDtype;

    @Option(names = "--device", description = "cpu or cuda (default: cuda when present).")
    String device;

    @Option(names = "--dtype", split = ",", paramLabel = "auto|fp32|fp16|bf16|fp16w|int8",
            description = "Compute precision; several (fp32,bf16) are measured one after the other in this run and "
                    + "compared (default: auto: fp16 on cuda, bf16 on a CPU with avx512_bf16 or amx_bf16 for 100 M "
                    + "parameters or more, else fp32; int8 only when named).")
    List<String> dtype;

    @Option(names = "--parity-steps", defaultValue = "0",
            description = "With several --dtype: greedy steps over 8 random prompts by which each is compared with the "
                    + "first (argmax agreement with its tokens fed in, max abs logit difference); 0 skips (default: "
                    + "${DEFAULT-VALUE}).")
    int paritySteps;

    @Option(names = "--prompt-tokens", defaultValue = "32", description = "Prompt before decoding (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--decode-steps", defaultValue = "16", description = "Timed decode steps (default: ${DEFAULT-VALUE}).")
    int decodeSteps;

    @Option(names = "--batch", split = ",", defaultValue = "1,4", description = "Candidates per run (default: ${DEFAULT-VALUE}).")
    List<Integer> batch;

    @Option(names = "--long-prompt", defaultValue = "2000",
            description = "Prompt tokens for time to first token; 0 skips it (default: ${DEFAULT-VALUE}).")
    int longPrompt;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Rounds of the --batch sizes taken in turn; figures are medians, the batch cost the median "
                    + "of each round's ratio (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--threads", defaultValue = "0",
            description = "CPU threads for PyTorch, in Java and Python alike (default: every core).")
    int threads;

    @Option(names = "--copy-mib", defaultValue = "1024",
            description = "Size of the array copied to measure bandwidth, MiB (default: ${DEFAULT-VALUE}).")
    int copyMib;

    @Option(names = "--python", paramLabel = "SCRIPT",
            description = "Also run this PyTorch eager script (src/test/bench/python_eager_generate.py) on the same model.")
    Path python;

    @Option(names = "--python-exe", paramLabel = "PYTHON", defaultValue = "/usr/bin/python3",
            description = "The Python that runs --python: Debian's python3-torch here, the GPU machine's own PyTorch in "
                    + "the GPU proof kit (default: ${DEFAULT-VALUE}).")
    String pythonExe;

    @Mixin
    JsonOutput output = new JsonOutput();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = model;
        Path temp = null;
        if (dir == null) {
            dir = keep != null ? keep : (temp = WorkFolder.temporary("bench-model"));
            TensorType type = diskDtype.equalsIgnoreCase("bf16") ? TensorType.BF16 : TensorType.F32;
            GenerationBenchmark.randomModel(dir, layers, hidden, intermediate, type, line -> log(out, line));
        }
        try {
            ModelFolder folder = ModelFolder.open(dir);
            GenerationBenchmark.Settings settings = new GenerationBenchmark.Settings(device, precisions(),
                    promptTokens, decodeSteps, batch, longPrompt, threads, copyMib, rounds, paritySteps);
            List<GenerationBenchmark.Result> results = GenerationBenchmark.run(folder, settings, line -> log(out, line));
            JsonNode pythonResult = python != null ? GenerationBenchmark.pythonEager(pythonExe, python, dir, settings) : null;
            if (output.json()) {
                out.println(Json.write(new Report(results.get(0), results.subList(1, results.size()), pythonResult)));
            } else {
                for (GenerationBenchmark.Result result : results) {
                    printSummary(out, result, result == results.get(0) ? pythonResult : null);
                }
                for (GenerationBenchmark.Result other : results.subList(1, results.size())) {
                    printComparison(out, results.get(0), other);
                }
            }
            out.flush();
            return 0;
        } finally {
            if (temp != null) {
                WorkFolder.delete(temp);
            }
        }
    }

    private void log(PrintWriter out, String line) {
        if (!output.json()) {
            out.println(line);
            out.flush();
        }
    }

    /** Auto alone when no --dtype is given, else each named one ("auto" among them stands for its choice). */
    private List<Precision> precisions() {
        if (dtype == null) {
            return List.of();
        }
        return dtype.stream().filter(d -> !d.equalsIgnoreCase("auto")).map(Precision::parse).toList();
    }

    private static void printComparison(PrintWriter out, GenerationBenchmark.Result first,
                                        GenerationBenchmark.Result other) {
        out.printf(Locale.ROOT, "%n%s against %s, this run:", other.precision(), first.precision());
        for (int i = 0; i < Math.min(first.decode().size(), other.decode().size()); i++) {
            out.printf(Locale.ROOT, "  decode N=%d %.2fx the speed", first.decode().get(i).candidates(),
                    first.decode().get(i).millisPerStep() / other.decode().get(i).millisPerStep());
        }
        if (first.longPromptTokens() > 0) {
            out.printf(Locale.ROOT, "  prefill (%d tokens) %.2fx the speed", first.longPromptTokens(),
                    first.timeToFirstTokenMillis() / other.timeToFirstTokenMillis());
        }
        out.println();
        if (other.parityWithFirst() != null) {
            out.printf(Locale.ROOT, "greedy agreement %d of %d steps (%.1f%%), max abs logit difference %.4f%n",
                    other.parityWithFirst().matching(), other.parityWithFirst().steps(),
                    100 * other.parityWithFirst().agreement(), other.parityWithFirst().maxAbsLogitDifference());
        }
    }

    private void printSummary(PrintWriter out, GenerationBenchmark.Result r, JsonNode py) {
        out.printf(Locale.ROOT, "%nparameters %,d  device %s (%s)  dtype %s (%s)%n", r.parameters(), r.device(),
                r.deviceReason(), r.precision(), r.precisionReason());
        out.printf(Locale.ROOT, "load %.0f ms   copy bandwidth %.1f GB/s (read + write)   read bandwidth %.1f GB/s%n",
                r.loadMillis(), r.copyGigabytesPerSecond(), r.readGigabytesPerSecond());
        out.printf(Locale.ROOT, "weight bytes per step %.2f GB   bound %.2f steps/s (reading them at the read bandwidth)%n",
                r.bytesPerDecodeStep() / 1e9, r.boundStepsPerSecond());
        for (GenerationBenchmark.DecodeFigure f : r.decode()) {
            String pyFigure = "";
            if (py != null) {
                for (JsonNode d : py.path("decode")) {
                    if (d.path("candidates").asInt() == f.candidates()) {
                        pyFigure = String.format(Locale.ROOT, "   python eager %.1f ms/step", d.path("ms_per_step").asDouble());
                    }
                }
            }
            out.printf(Locale.ROOT, "N=%d  %.1f ms/step  %.2f tokens/s per candidate  %.2fx the read bound  "
                    + "%.2fx the copy bound  %.2f of the 2-byte bound%s%n", f.candidates(), f.millisPerStep(),
                    f.stepsPerSecond(), f.timesTheBound(), f.timesTheCopyBound(), f.shareOf16BitBound(), pyFigure);
        }
        out.printf(Locale.ROOT, "N=%d costs %.2fx the time of N=%d per step (median of %d rounds' ratios)%n",
                batch.get(batch.size() - 1), r.batchCostRatio(), batch.get(0), rounds);
        if (r.longPromptTokens() > 0) {
            out.printf(Locale.ROOT, "time to first token (%d-token prompt) %.0f ms%s%n", r.longPromptTokens(),
                    r.timeToFirstTokenMillis(), py == null ? "" : String.format(Locale.ROOT, "   python eager %.0f ms",
                            py.path("time_to_first_token_ms").asDouble()));
            out.printf(Locale.ROOT, "regenerate, same prompt, 4 candidates: %.0f ms to the first token (prompt cache)%n",
                    r.regenerateTimeToFirstTokenMillis());
        }
    }

    /** {@code java} is the first precision measured; {@code others} the rest, each with its parity against it. */
    record Report(GenerationBenchmark.Result java, List<GenerationBenchmark.Result> others, JsonNode pythonEager) {
    }
}
