package app.characterstudio.bench;

import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.DeviceChoice;
import app.characterstudio.model.run.EngineThreads;
import app.characterstudio.model.run.GenerationListener;
import app.characterstudio.model.run.GenerationTimings;
import app.characterstudio.model.run.Generator;
import app.characterstudio.model.run.GreedyParity;
import app.characterstudio.model.run.IndexTransformer;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.model.run.Precision;
import app.characterstudio.model.run.PrecisionChoice;
import app.characterstudio.model.run.SamplingParams;
import app.characterstudio.model.run.TextCodec;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import app.characterstudio.model.ModelConfig;
import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.WeightSource;
import app.characterstudio.model.WeightSources;
import app.characterstudio.model.TensorType;
import app.characterstudio.model.run.RandomCheckpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Measures generation on a model folder: copy bandwidth, load time, decode speed for several batch sizes
 * side by side, and time to first token for a long prompt, against the memory-bandwidth bound
 * (every weight byte is read once per decode step).
 */
public final class GenerationBenchmark {
    /**
     * @param precisions measured one after the other in this run (empty: the automatic choice alone)
     * @param paritySteps greedy steps over {@value #PARITY_PROMPTS} prompts by which each later precision is
     *                    compared with the first ({@link GreedyParity}); 0 skips the comparison
     */
    public record Settings(String device, List<Precision> precisions, int shortPromptTokens, int decodeSteps,
                           List<Integer> batchSizes, int longPromptTokens, int threads,
                           int copyMebibytes, int rounds, int paritySteps) {
    }

    static final int PARITY_PROMPTS = 8;
    private static final int PARITY_PROMPT_TOKENS = 16;

    /**
     * Writes a random-weight model of the Index-1.9B shape to {@code dir}, unless it already holds one;
     * logs what it wrote.
     */
    public static void randomModel(Path dir, int layers, int hidden, int intermediate, TensorType type,
                                   Consumer<String> log) throws IOException {
        if (Files.isRegularFile(dir.resolve("model.safetensors"))) {
            return;
        }
        ModelConfig config = RandomCheckpoint.indexShape(layers, hidden, intermediate, type);
        long start = System.nanoTime();
        RandomCheckpoint.write(dir, config, type, 1, (done, total, what) -> { });
        log.accept(String.format("wrote a random %d-layer, hidden %d model (%s) in %.1f s to %s", layers, hidden,
                type, (System.nanoTime() - start) / 1e9, dir));
    }

    /**
     * Runs the PyTorch eager comparison {@code script} (src/test/bench/python_eager_generate.py) with
     * {@code pythonExe} on the same model and settings; returns the JSON it prints last.
     */
    public static JsonNode pythonEager(String pythonExe, Path script, Path dir, Settings settings) throws IOException {
        int promptTokens = settings.shortPromptTokens();
        int decodeSteps = settings.decodeSteps();
        List<Integer> batch = settings.batchSizes();
        int longPrompt = settings.longPromptTokens();
        int threads = settings.threads();
        String device = settings.device();
        Precision precision = settings.precisions().isEmpty() ? null : settings.precisions().get(0);
        List<String> command = new ArrayList<>(List.of(pythonExe, script.toString(), "--model", dir.toString(),
                "--prompt-tokens", Integer.toString(promptTokens), "--decode-steps", Integer.toString(decodeSteps),
                "--batch", String.join(",", batch.stream().map(String::valueOf).toList()),
                "--long-prompt", Integer.toString(longPrompt)));
        if (threads > 0) {
            command.addAll(List.of("--threads", Integer.toString(threads)));
        }
        if (device != null) {
            command.addAll(List.of("--device", device.equalsIgnoreCase("gpu") ? "cuda" : device.toLowerCase(Locale.ROOT)));
        }
        if (precision != null) {
            command.addAll(List.of("--dtype", precision.label()));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException("the python comparison failed: " + stderr.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for python", e);
        }
        String last = stdout.strip().lines().reduce((a, b) -> b).orElse("{}");
        return new ObjectMapper().readTree(last);
    }

    /**
     * One batch size. {@code timesTheBound} is against the read bound (weights are only read);
     * {@code timesTheCopyBound} against the bytes-copied-per-second rate of the copy. {@code shareOf16BitBound}
     * is the step the read bound allows 2-byte weights (the model as shipped, bf16) over this step: llama.cpp's
     * figure for F16 weights, whatever precision ran (above 1 when int8 reads fewer bytes than that).
     */
    public record DecodeFigure(int candidates, double millisPerStep, double stepsPerSecond,
                               double tokensPerSecondAllCandidates, double timesTheBound, double timesTheCopyBound,
                               double shareOf16BitBound) {
    }

    /**
     * {@code copyGigabytesPerSecond} counts read plus write (STREAM's convention), so bytes were copied at
     * half that rate; {@code readGigabytesPerSecond} is a sum over the same array, which only reads.
     */
    public record Result(String device, String deviceReason, String precision, String precisionReason, long parameters,
                         double loadMillis, double copyGigabytesPerSecond, double readGigabytesPerSecond,
                         long bytesPerDecodeStep, double boundStepsPerSecond, List<DecodeFigure> decode,
                         double batchCostRatio, int longPromptTokens, double timeToFirstTokenMillis,
                         double regenerateTimeToFirstTokenMillis, GreedyParity.Result parityWithFirst) {
    }

    private GenerationBenchmark() {
    }

    /** One result per precision of the settings, in their order, all against one bandwidth measurement. */
    public static List<Result> run(ModelFolder folder, Settings settings, Consumer<String> log) {
        DeviceChoice device = DeviceChoice.choose(settings.device());
        List<PrecisionChoice> choices = settings.precisions().isEmpty()
                ? List.of(PrecisionChoice.choose(null, device, folder.config()))
                : settings.precisions().stream().map(p -> PrecisionChoice.choose(p, device, folder.config())).toList();
        Bandwidth bandwidth = Bandwidth.measure(device, (long) settings.copyMebibytes() << 20, log);
        int[][] parityPrompts = new int[PARITY_PROMPTS][];
        for (int i = 0; i < PARITY_PROMPTS; i++) {
            parityPrompts[i] = randomIds(PARITY_PROMPT_TOKENS, folder.config().vocabSize(), 10 + i);
        }
        GreedyParity.Trace[] reference = new GreedyParity.Trace[1];
        List<Result> results = new ArrayList<>();
        for (PrecisionChoice choice : choices) {
            results.add(runOne(folder, settings, device, choice, bandwidth, log, model -> {
                if (settings.paritySteps() <= 0 || choices.size() < 2) {
                    return null;
                }
                if (reference[0] == null) {
                    reference[0] = GreedyParity.record(model, parityPrompts, settings.paritySteps());
                    return null;
                }
                GreedyParity.Result parity = GreedyParity.compare(reference[0], model);
                log.accept(String.format("%s against %s: %d of %d greedy steps agree (%.1f%%), max abs logit "
                        + "difference %.4f", choice.precision().label(), choices.get(0).precision().label(),
                        parity.matching(), parity.steps(), 100 * parity.agreement(), parity.maxAbsLogitDifference()));
                return parity;
            }));
        }
        return results;
    }

    private static Result runOne(ModelFolder folder, Settings settings, DeviceChoice device, PrecisionChoice choice,
                                 Bandwidth bandwidth, Consumer<String> log,
                                 java.util.function.Function<IndexTransformer, GreedyParity.Result> parity) {
        Precision precision = choice.precision();
        ModelConfig config = folder.config();
        try (WeightSource source = WeightSources.open(folder)) {
            long start = System.nanoTime();
            try (IndexTransformer model = IndexTransformer.load(source, config, device, precision,
                    LoadProgress.IGNORE, Cancellation.NEVER)) {
                double loadMillis = (System.nanoTime() - start) / 1e6;
                if (settings.threads() > 0) {
                    EngineThreads.set(settings.threads());
                }
                log.accept(String.format("loaded in %.0f ms (%s, %s: %s)", loadMillis, device.label(), precision.label(),
                        choice.reason()));
                // one embedding row is read per token, every other weight in full
                long bytesPerStep = model.bytesReadPerToken();
                long sixteenBitBytes = 2 * (model.parameterCount() - (config.tieWordEmbeddings() ? 0
                        : (long) config.vocabSize() * config.hiddenSize()));
                double sixteenBitBoundMillis = sixteenBitBytes / (bandwidth.readGigabytesPerSecond() * 1e9) * 1000;
                double bound = bandwidth.readGigabytesPerSecond() * 1e9 / bytesPerStep;
                double copyBound = bandwidth.copyGigabytesPerSecond() / 2 * 1e9 / bytesPerStep;
                try (Generator generator = new Generator(model, new IdsOnlyCodec())) {
                    SamplingParams params = SamplingParams.DEFAULTS.withGreedy(true).withRepetitionPenalty(1f)
                            .withStops(List.of(), false).withMaxNewTokens(settings.decodeSteps() + 1);
                    int[] prompt = randomIds(settings.shortPromptTokens(), config.vocabSize(), 1);
                    generator.generate(prompt, params.withMaxNewTokens(2), 1, GenerationListener.IGNORE,
                            Cancellation.NEVER); // warm-up
                    // the batch sizes take turns, round after round, so a noisy neighbour hits them alike
                    int sizes = settings.batchSizes().size();
                    double[][] perStep = new double[sizes][Math.max(1, settings.rounds())];
                    double[] roundRatios = new double[perStep[0].length];
                    for (int round = 0; round < roundRatios.length; round++) {
                        for (int i = 0; i < sizes; i++) {
                            GenerationTimings t = generator.generate(prompt, params, settings.batchSizes().get(i),
                                    GenerationListener.IGNORE, Cancellation.NEVER).get(0).timings();
                            perStep[i][round] = t.decodeMillis() / t.decodeSteps();
                            log.accept(String.format("round %d, N=%d: %.1f ms/step", round + 1,
                                    settings.batchSizes().get(i), perStep[i][round]));
                        }
                        roundRatios[round] = perStep[sizes - 1][round] / perStep[0][round];
                    }
                    List<DecodeFigure> figures = new ArrayList<>();
                    for (int i = 0; i < sizes; i++) {
                        int candidates = settings.batchSizes().get(i);
                        double millis = median(perStep[i]);
                        DecodeFigure figure = new DecodeFigure(candidates, millis, 1000 / millis,
                                candidates * 1000 / millis, millis / (1000 / bound), millis / (1000 / copyBound),
                                sixteenBitBoundMillis / millis);
                        figures.add(figure);
                        log.accept(String.format("N=%d: median %.1f ms/step, %.2f steps/s (%.2fx the read bound, %.2fx "
                                + "the copy bound)", candidates, millis, figure.stepsPerSecond(), figure.timesTheBound(),
                                figure.timesTheCopyBound()));
                    }
                    double ratio = median(roundRatios);
                    double ttft = -1;
                    double regenerate = -1;
                    if (settings.longPromptTokens() > 0) {
                        int[] longPrompt = randomIds(settings.longPromptTokens(), config.vocabSize(), 2);
                        ttft = generator.generate(longPrompt, params.withMaxNewTokens(1), 1, GenerationListener.IGNORE,
                                Cancellation.NEVER).get(0).timings().prefillMillis();
                        log.accept(String.format("time to first token, %d-token prompt: %.0f ms", longPrompt.length,
                                ttft));
                        // the same prompt again, as Regenerate sends it: its keys and values come from the prompt cache
                        GenerationTimings again = generator.generate(longPrompt, params.withMaxNewTokens(1), 4,
                                GenerationListener.IGNORE, Cancellation.NEVER).get(0).timings();
                        regenerate = again.prefillMillis();
                        log.accept(String.format("regenerate (4 candidates, %d of %d prompt tokens from the cache): "
                                + "%.0f ms to the first token", again.reusedPromptTokens(), longPrompt.length,
                                regenerate));
                    }
                    GreedyParity.Result agreement = parity.apply(model);
                    return new Result(device.label(), device.reason(), precision.label(), choice.reason(),
                            model.parameterCount(), loadMillis, bandwidth.copyGigabytesPerSecond(),
                            bandwidth.readGigabytesPerSecond(), bytesPerStep, bound, figures, ratio,
                            settings.longPromptTokens(), ttft, regenerate, agreement);
                }
            }
        }
    }

    /** Memory rates measured by PyTorch on the device, best of 5, in GB/s. */
    record Bandwidth(double copyGigabytesPerSecond, double readGigabytesPerSecond) {
        static Bandwidth measure(DeviceChoice device, long bytes, Consumer<String> log) {
            try (NDManager manager = NDManager.newBaseManager(device.device())) {
                NDArray source = manager.ones(new Shape(bytes / 4), DataType.FLOAT32);
                NDArray target = manager.zeros(new Shape(bytes / 4), DataType.FLOAT32); // pages already touched
                NDIndex all = new NDIndex(":");
                double copy = best(() -> {
                    target.set(all, source);
                    // reading one element back waits for the copy: on a GPU the set only queues it
                    try (NDArray first = target.get(0)) {
                        first.toFloatArray();
                    }
                });
                double read = best(() -> {
                    try (NDArray sum = source.sum()) {
                        sum.toFloatArray();
                    }
                });
                Bandwidth result = new Bandwidth(2.0 * bytes / copy / 1e9, bytes / read / 1e9);
                log.accept(String.format("copy bandwidth: %.1f GB/s read + write (%d MiB copied at %.1f GB/s); "
                        + "read bandwidth: %.1f GB/s", result.copyGigabytesPerSecond(), bytes >> 20,
                        result.copyGigabytesPerSecond() / 2, result.readGigabytesPerSecond()));
                return result;
            }
        }

        private static double best(Runnable pass) {
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                pass.run();
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            return best;
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static int[] randomIds(int count, int vocab, long seed) {
        Random random = new Random(seed);
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = 3 + random.nextInt(vocab - 3);
        }
        return ids;
    }

    /** The benchmark feeds token ids directly: no text. */
    private static final class IdsOnlyCodec implements TextCodec {
        @Override
        public int[] encode(String text) {
            throw new UnsupportedOperationException("the benchmark feeds token ids");
        }

        @Override
        public TextStream newStream() {
            return new TextStream() {
                @Override
                public String push(int id) {
                    return "";
                }

                @Override
                public String finish() {
                    return "";
                }
            };
        }

        @Override
        public int endOfTextId() {
            return -1;
        }

        @Override
        public String displayPiece(int id) {
            return Integer.toString(id);
        }
    }
}
