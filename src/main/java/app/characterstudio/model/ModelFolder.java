package app.characterstudio.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A model folder as a user downloads it: {@code config.json}, weights in one or more formats, and
 * {@code tokenizer.model}. Opening it reads the config (refusing unknown architectures) and finds what
 * is there; the weights themselves are opened by {@link WeightSources}.
 */
public record ModelFolder(Path dir, ModelConfig config, List<WeightFormat> formats, Optional<Path> tokenizer) {
    public static final String CONFIG = "config.json";
    public static final String TOKENIZER = "tokenizer.model";

    public ModelFolder {
        formats = List.copyOf(formats);
    }

    public static ModelFolder open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("model folder " + dir + " does not exist or is not a folder");
        }
        Path configFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new ModelLoadException("missing file " + configFile + " (every model folder has its config.json)");
        }
        ModelConfig config = ModelConfigReader.read(configFile);
        List<WeightFormat> formats = new ArrayList<>();
        for (WeightFormat format : WeightFormat.values()) {
            if (Files.isRegularFile(dir.resolve(format.marker()))) {
                formats.add(format);
            }
        }
        if (formats.isEmpty()) {
            throw new ModelLoadException("no weights in " + dir + ": expected model.safetensors, "
                    + "model.safetensors.index.json, pytorch_model.bin or pytorch_model.bin.index.json");
        }
        checkFitsTheWeights(config, configFile, dir);
        Path tokenizer = dir.resolve(TOKENIZER);
        return new ModelFolder(dir, config, formats,
                Files.isRegularFile(tokenizer) ? Optional.of(tokenizer) : Optional.empty());
    }

    /**
     * Refuses a config whose sizes need more bytes than every weight file of the folder together: no
     * format can hold such a model, and building its expected shapes, caches or tables would only
     * exhaust memory (a billion layers, a vocabulary of 2^31-1).
     */
    private static void checkFitsTheWeights(ModelConfig config, Path configFile, Path dir) {
        long needed = config.minimumWeightBytes();
        long onDisk = weightBytesOnDisk(dir);
        if (needed > onDisk) {
            throw new ModelLoadException(configFile + ": the sizes it declares (hidden_size " + config.hiddenSize()
                    + ", num_hidden_layers " + config.layerCount() + ", intermediate_size " + config.intermediateSize()
                    + ", vocab_size " + config.vocabSize() + ") need at least "
                    + (needed == Long.MAX_VALUE ? "more than 9.2 EB" : needed + " bytes") + " of weights at "
                    + ModelConfig.SMALLEST_ELEMENT_BYTES + " bytes a parameter, but the weight files in " + dir
                    + " hold only " + onDisk + " bytes: the config does not belong to these weights, or is damaged");
        }
    }

    /** Bytes of every {@code .safetensors} and {@code .bin} file directly in {@code dir}: all any format can hold. */
    static long weightBytesOnDisk(Path dir) {
        long total = 0;
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if ((name.endsWith(".safetensors") || name.endsWith(".bin")) && Files.isRegularFile(file)) {
                    total += Files.size(file);
                }
            }
        } catch (java.io.IOException e) {
            throw new ModelLoadException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return total;
    }

    public Path configFile() {
        return dir.resolve(CONFIG);
    }

    /** The format loaded by default: safetensors before the pickle-based bin, single file before shards. */
    public WeightFormat preferredFormat() {
        return formats.get(0);
    }

    public boolean has(WeightFormat format) {
        return formats.contains(format);
    }

    /** The files holding the weights in {@code format}: the file itself, or the shards its index names. */
    public List<Path> weightFiles(WeightFormat format) {
        if (!has(format)) {
            throw new ModelLoadException(dir + " has no " + format.marker());
        }
        Path marker = dir.resolve(format.marker());
        return format.sharded() ? ShardIndex.read(marker).files() : List.of(marker);
    }

    /** The SentencePiece model; a folder without one can be inspected but not used for generation. */
    public Path tokenizerFile() {
        return tokenizer.orElseThrow(() -> new ModelLoadException("missing file " + dir.resolve(TOKENIZER)
                + " (the SentencePiece tokenizer of the model)"));
    }
}
