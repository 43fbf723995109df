package app.characterstudio.model;

import app.characterstudio.model.tokenizer.SentencePieceModelFile;
import app.characterstudio.model.tokenizer.TokenizerLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a model folder holds, as {@code model info} and the model panel show it: read from the config, the
 * weight headers and the tokenizer's piece table, without reading any weights.
 *
 * @param dtypes          element types of the tensors on disk
 * @param tokenizerSize   pieces in {@code tokenizer.model}, or -1 when the folder has none
 * @param problems        what keeps the folder from loading (missing or misshapen tensors, ...); empty when it can
 */
public record ModelSummary(Path dir, String architecture, long parameterCount, Set<TensorType> dtypes,
                           WeightFormat format, List<WeightFormat> formats, List<FileEntry> files, int tensorCount,
                           int tokenizerSize, ModelConfig config, List<String> problems) {
    public record FileEntry(String name, long bytes) {
    }

    public ModelSummary {
        dtypes = Set.copyOf(dtypes);
        formats = List.copyOf(formats);
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }

    public static ModelSummary of(ModelFolder folder) {
        return of(folder, folder.preferredFormat());
    }

    /** @throws ModelLoadException when the config or the weight files themselves cannot be read */
    public static ModelSummary of(ModelFolder folder, WeightFormat format) {
        List<String> problems = new ArrayList<>();
        long parameters;
        int tensors;
        Set<TensorType> types = new TreeSet<>();
        try (MappedWeightSource weights = WeightSources.open(folder, format)) {
            problems.addAll(ModelValidator.problems(folder.config(), weights));
            parameters = 0;
            for (String name : weights.names()) {
                TensorInfo info = weights.info(name);
                parameters += info.elementCount();
                types.add(info.type());
            }
            tensors = weights.names().size();
        }
        int tokenizerSize = -1;
        if (folder.tokenizer().isPresent()) {
            Path tokenizer = folder.tokenizer().get();
            try {
                tokenizerSize = SentencePieceModelFile.read(tokenizer).size();
                ModelValidator.validateTokenizer(folder.config(), tokenizerSize, tokenizer.toString());
            } catch (ModelLoadException | TokenizerLoadException e) {
                problems.add(e.getMessage());
            }
        } else {
            problems.add("missing file " + folder.dir().resolve(ModelFolder.TOKENIZER));
        }
        List<FileEntry> files = new ArrayList<>();
        List<Path> paths = new ArrayList<>(List.of(folder.configFile()));
        if (format.sharded()) {
            paths.add(folder.dir().resolve(format.marker()));
        }
        paths.addAll(folder.weightFiles(format));
        folder.tokenizer().ifPresent(paths::add);
        for (Path path : paths) {
            files.add(new FileEntry(path.getFileName().toString(), size(path)));
        }
        return new ModelSummary(folder.dir(), folder.config().architecture(), parameters, types, format,
                folder.formats(), files, tensors, tokenizerSize, folder.config(), problems);
    }

    public boolean loadable() {
        return problems.isEmpty();
    }

    public long weightBytes() {
        return files.stream().filter(f -> f.name().endsWith(".safetensors") || f.name().endsWith(".bin"))
                .mapToLong(FileEntry::bytes).sum();
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
