package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import app.characterstudio.model.ModelConfig;
import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.WeightSource;
import app.characterstudio.model.WeightSources;
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
    public record Settings(String device, Precision precision, int shortPromptTokens, int decodeSteps,
                           List<Integer> batchSizes, int longPromptTokens, int threads,
                           int copyMebibytes) {
    }

    public record DecodeFigure(int candidates, double millisPerStep, double stepsPerSecond,
                               double tokensPerSecondAllCandidates, double timesTheBound) {
    }

    public record Result(String device, String deviceReason, String precision, long parameters,
                         double loadMillis, double copyGigabytesPerSecond, long bytesPerDecodeStep,
                         double boundStepsPerSecond, List<DecodeFigure> decode, double batchCostRatio,
                         int longPromptTokens, double timeToFirstTokenMillis) {
    }

    private GenerationBenchmark() {
    }

    public static Result run(ModelFolder folder, Settings settings, Consumer<String> log) {
        DeviceChoice device = DeviceChoice.choose(settings.device());
        Precision precision = settings.precision() != null ? settings.precision() : Precision.defaultFor(device);
        double bandwidth = copyBandwidth(device, (long) settings.copyMebibytes() << 20, log);
        ModelConfig config = folder.config();
        try (WeightSource source = WeightSources.open(folder)) {
            long start = System.nanoTime();
            try (IndexTransformer model = IndexTransformer.load(source, config, device, precision,
                    LoadProgress.IGNORE, Cancellation.NEVER)) {
                double loadMillis = (System.nanoTime() - start) / 1e6;
                if (settings.threads() > 0) {
                    EngineThreads.set(settings.threads());
                }
                log.accept(String.format("loaded in %.0f ms (%s, %s)", loadMillis, device.label(), precision.label()));
                // one embedding row is read per token, every other weight in full
                long embedBytes = (long) config.vocabSize() * config.hiddenSize() * precision.bytes();
                long bytesPerStep = model.weightBytes() - embedBytes;
                double bound = bandwidth * 1e9 / bytesPerStep;
                Generator generator = new Generator(model, new IdsOnlyCodec());
                SamplingParams params = SamplingParams.DEFAULTS.withGreedy(true).withRepetitionPenalty(1f)
                        .withStops(List.of(), false).withMaxNewTokens(settings.decodeSteps() + 1);
                int[] prompt = randomIds(settings.shortPromptTokens(), config.vocabSize(), 1);
                generator.generate(prompt, params.withMaxNewTokens(2), 1, GenerationListener.IGNORE,
                        Cancellation.NEVER); // warm-up
                List<DecodeFigure> figures = new ArrayList<>();
                for (int candidates : settings.batchSizes()) {
                    GenerationTimings t = generator.generate(prompt, params, candidates, GenerationListener.IGNORE,
                            Cancellation.NEVER).get(0).timings();
                    double perStep = t.decodeMillis() / t.decodeSteps();
                    DecodeFigure figure = new DecodeFigure(candidates, perStep, 1000 / perStep,
                            candidates * 1000 / perStep, perStep / (1000 / bound));
                    figures.add(figure);
                    log.accept(String.format("N=%d: %.1f ms/step, %.2f steps/s (%.2fx the bound)", candidates,
                            perStep, figure.stepsPerSecond(), figure.timesTheBound()));
                }
                double ratio = figures.size() > 1 ? figures.get(figures.size() - 1).millisPerStep()
                        / figures.get(0).millisPerStep() : 1;
                double ttft = -1;
                if (settings.longPromptTokens() > 0) {
                    int[] longPrompt = randomIds(settings.longPromptTokens(), config.vocabSize(), 2);
                    GenerationTimings t = generator.generate(longPrompt, params.withMaxNewTokens(1), 1,
                            GenerationListener.IGNORE, Cancellation.NEVER).get(0).timings();
                    ttft = t.prefillMillis();
                    log.accept(String.format("time to first token, %d-token prompt: %.0f ms", longPrompt.length, ttft));
                }
                return new Result(device.label(), device.reason(), precision.label(), model.parameterCount(),
                        loadMillis, bandwidth, bytesPerStep, bound, figures, ratio, settings.longPromptTokens(), ttft);
            }
        }
    }

    /** Bytes moved (read + written) per second by PyTorch copying an array of {@code bytes}, best of 5, in GB/s. */
    static double copyBandwidth(DeviceChoice device, long bytes, Consumer<String> log) {
        try (NDManager manager = NDManager.newBaseManager(device.device())) {
            NDArray source = manager.ones(new Shape(bytes / 4), DataType.FLOAT32);
            NDArray target = manager.zeros(new Shape(bytes / 4), DataType.FLOAT32); // pages already touched
            NDIndex all = new NDIndex(":");
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                target.set(all, source);
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            double gbps = 2.0 * bytes / best / 1e9;
            log.accept(String.format("copy bandwidth: %.1f GB/s (%d MiB copy, read + write)", gbps, bytes >> 20));
            return gbps;
        }
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
