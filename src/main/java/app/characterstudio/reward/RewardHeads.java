package app.characterstudio.reward;

import app.characterstudio.model.MappedWeightSource;
import app.characterstudio.model.ModelConfig;
import app.characterstudio.model.ModelConfigReader;
import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.ModelLoadException;
import app.characterstudio.model.SafetensorsSource;
import app.characterstudio.model.TensorConversions;
import app.characterstudio.model.TensorInfo;
import app.characterstudio.model.TorchCheckpointSource;
import app.characterstudio.model.WeightFormat;
import app.characterstudio.model.WeightSource;
import app.characterstudio.model.WeightSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Finds a reward model's scalar head in a model folder, or says plainly why there is none to use. */
public final class RewardHeads {
    public static final String SCORE_WEIGHT = "score.weight";
    public static final String V_HEAD_WEIGHT = "v_head.summary.weight";
    public static final String V_HEAD_BIAS = "v_head.summary.bias";
    /** LLaMA-Factory's value head files, in the order it writes them. */
    public static final List<String> VALUE_HEAD_FILES = List.of("value_head.safetensors", "value_head.bin");
    private static final List<String> ADAPTER_FILES = List.of("adapter_config.json", "adapter_model.safetensors",
            "adapter_model.bin");

    private RewardHeads() {
    }

    /**
     * Refuses a LoRA adapter folder without merged weights (before its missing config.json or weights would be
     * reported as something else).
     */
    public static void refuseAdapterOnly(Path dir) {
        List<String> adapter = ADAPTER_FILES.stream().filter(f -> Files.isRegularFile(dir.resolve(f))).toList();
        boolean weights = Arrays.stream(WeightFormat.values()).anyMatch(f -> Files.isRegularFile(dir.resolve(f.marker())));
        if (!adapter.isEmpty() && !weights) {
            throw new ModelLoadException(dir + " is a LoRA adapter (" + String.join(", ", adapter)
                    + ") without merged weights: merge it into its base model first (LLaMA-Factory: "
                    + "llamafactory-cli export with adapter_name_or_path; PEFT: merge_and_unload) and keep the "
                    + "value head file beside the merged weights");
        }
    }

    /** Whether {@code folder} looks like a reward model at all (its config, a value head file or a head tensor). */
    public static boolean looksLikeRewardModel(ModelFolder folder, WeightSource weights) {
        return folder.config().sequenceClassification() || !valueHeadFiles(folder.dir()).isEmpty()
                || !headLikeTensors(weights).isEmpty();
    }

    /**
     * The one head of the reward model in {@code folder}, whose decoder weights are {@code weights} (opened in
     * {@code format}).
     *
     * @throws ModelLoadException when there is none, more than one, or it has the wrong shape
     */
    public static RewardHead find(ModelFolder folder, WeightFormat format, WeightSource weights) {
        ModelConfig config = folder.config();
        Path weightFile = folder.dir().resolve(format.marker());
        checkLabelCount(folder);
        List<String> found = new ArrayList<>();
        if (weights.names().contains(SCORE_WEIGHT)) {
            found.add(SCORE_WEIGHT + " in " + weightFile.getFileName());
        }
        if (weights.names().contains(V_HEAD_WEIGHT)) {
            found.add(V_HEAD_WEIGHT + " in " + weightFile.getFileName());
        }
        List<Path> headFiles = valueHeadFiles(folder.dir());
        headFiles.forEach(f -> found.add(f.getFileName().toString()));
        if (found.size() > 1) {
            throw new ModelLoadException(folder.dir() + " holds " + found.size() + " candidate reward heads ("
                    + String.join(", ", found) + "): keep exactly one");
        }
        if (weights.names().contains(SCORE_WEIGHT)) {
            return read(RewardHead.Layout.SEQUENCE_CLASSIFICATION, weights, weightFile, SCORE_WEIGHT, null, config);
        }
        if (weights.names().contains(V_HEAD_WEIGHT)) {
            return read(RewardHead.Layout.VALUE_HEAD, weights, weightFile, V_HEAD_WEIGHT, V_HEAD_BIAS, config);
        }
        if (headFiles.size() == 1) {
            Path file = headFiles.get(0);
            try (MappedWeightSource head = file.getFileName().toString().endsWith(".bin")
                    ? TorchCheckpointSource.open(file) : SafetensorsSource.open(file)) {
                if (!head.names().contains(V_HEAD_WEIGHT)) {
                    throw new ModelLoadException(file + " holds no " + V_HEAD_WEIGHT + " (LLaMA-Factory's value head); "
                            + "its tensors: " + new TreeSet<>(head.names()));
                }
                return read(RewardHead.Layout.VALUE_HEAD, head, file, V_HEAD_WEIGHT, V_HEAD_BIAS, config);
            }
        }
        List<String> candidates = headLikeTensors(weights);
        throw new ModelLoadException(folder.dir() + " holds no reward head: expected " + SCORE_WEIGHT + " [1, "
                + config.hiddenSize() + "] in the weights (a *ForSequenceClassification checkpoint with num_labels 1) "
                + "or value_head.safetensors / value_head.bin with " + V_HEAD_WEIGHT + " and " + V_HEAD_BIAS
                + " (LLaMA-Factory); tensors outside the decoder in " + weightFile.getFileName() + ": "
                + (candidates.isEmpty() ? "none" : String.join(", ", candidates)));
    }

    /** {@code num_labels} (or the size of {@code id2label}) must be 1 when config.json gives it. */
    private static void checkLabelCount(ModelFolder folder) {
        var root = ModelConfigReader.readJson(folder.configFile());
        int labels = root.has("num_labels") ? root.get("num_labels").asInt(-1)
                : root.has("id2label") ? root.get("id2label").size() : 1;
        if (labels != 1) {
            throw new ModelLoadException(folder.configFile() + " declares " + labels + " labels: a reward model has "
                    + "one (num_labels 1)");
        }
    }

    private static RewardHead read(RewardHead.Layout layout, WeightSource source, Path file, String weightName,
                                   String biasName, ModelConfig config) {
        float[] weight = floats(source, file, weightName, new long[] {1, config.hiddenSize()});
        if (biasName == null) {
            return new RewardHead(layout, weightName, file, weight, 0f, false);
        }
        if (!source.names().contains(biasName)) {
            throw new ModelLoadException(file + " has " + weightName + " but no " + biasName);
        }
        float bias = floats(source, file, biasName, new long[] {1})[0];
        return new RewardHead(layout, weightName, file, weight, bias, true);
    }

    private static float[] floats(WeightSource source, Path file, String name, long[] shape) {
        TensorInfo info = source.info(name);
        if (!Arrays.equals(info.shape(), shape)) {
            throw new ModelLoadException("tensor " + name + " in " + file + " has shape " + Arrays.toString(info.shape())
                    + " but a reward head is " + Arrays.toString(shape) + " (num_labels 1, hidden_size "
                    + shape[shape.length - 1] + ")");
        }
        return TensorConversions.toFloatArray(source.data(name), info.type());
    }

    private static List<Path> valueHeadFiles(Path dir) {
        return VALUE_HEAD_FILES.stream().map(dir::resolve).filter(Files::isRegularFile).toList();
    }

    /** Tensors that are neither the decoder's ({@code model.*}) nor the lm_head: what could have been a head. */
    static List<String> headLikeTensors(WeightSource weights) {
        return weights.names().stream().filter(n -> !n.startsWith("model.") && !n.equals("lm_head.weight"))
                .sorted().toList();
    }

    /**
     * What {@code model info} says of a folder: whether it is a reward model, and its head or why that is refused.
     *
     * @param problem empty when the head was found, or when the folder is no reward model at all
     */
    public record Inspection(boolean rewardModel, Optional<RewardHead> head, Optional<String> problem) {
    }

    /** Reads only the config, the tensor names and the head itself (a few floats). */
    public static Inspection inspect(ModelFolder folder, WeightFormat format) {
        try (MappedWeightSource weights = WeightSources.open(folder, format)) {
            if (!looksLikeRewardModel(folder, weights)) {
                return new Inspection(false, Optional.empty(), Optional.empty());
            }
            try {
                return new Inspection(true, Optional.of(find(folder, format, weights)), Optional.empty());
            } catch (ModelLoadException e) {
                return new Inspection(true, Optional.empty(), Optional.of(e.getMessage()));
            }
        }
    }
}
