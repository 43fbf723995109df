package app.characterstudio.model.run;

import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.ModelLoadException;
import app.characterstudio.model.WeightFormat;
import app.characterstudio.model.WeightSource;
import app.characterstudio.model.WeightSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The models of a workspace: the folders under {@code models/}, and the one loaded model (loading another
 * replaces it once the other is fully loaded). Shared by the window and the command line.
 */
public final class ModelService implements AutoCloseable {
    private final Path modelsDir;
    private final Function<ModelFolder, TextCodec> tokenizers;
    private LoadedModel current;

    public ModelService(Path modelsDir) {
        this(modelsDir, SentencePieceCodec::open);
    }

    ModelService(Path modelsDir, Function<ModelFolder, TextCodec> tokenizers) {
        this.modelsDir = modelsDir;
        this.tokenizers = tokenizers;
    }

    public Path modelsDir() {
        return modelsDir;
    }

    /** Subfolders of {@code models/} holding a {@code config.json}, by name. */
    public List<Path> folders() {
        if (!Files.isDirectory(modelsDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(modelsDir)) {
            return children.filter(p -> Files.isRegularFile(p.resolve(ModelFolder.CONFIG))).sorted().toList();
        } catch (IOException e) {
            throw new ModelLoadException("cannot list " + modelsDir + ": " + e.getMessage(), e);
        }
    }

    public synchronized Optional<LoadedModel> current() {
        return Optional.ofNullable(current);
    }

    /**
     * Opens {@code dir} and loads it fully, then makes it the current model and closes the previous one.
     * A load that fails or is cancelled leaves the previous model loaded and working. Both models are in
     * memory while the new one loads.
     */
    public LoadedModel load(Path dir, LoadOptions options, LoadProgress progress, Cancellation cancel) {
        LoadedModel model = open(dir, options, progress, cancel, tokenizers);
        LoadedModel previous;
        synchronized (this) {
            previous = current;
            current = model;
        }
        if (previous != null) {
            previous.close();
        }
        return model;
    }

    /** Loads a model without keeping it as the current one (the CLI's one-shot commands). */
    public static LoadedModel open(Path dir, LoadOptions options, LoadProgress progress, Cancellation cancel) {
        return open(dir, options, progress, cancel, SentencePieceCodec::open);
    }

    private static LoadedModel open(Path dir, LoadOptions options, LoadProgress progress, Cancellation cancel,
                                    Function<ModelFolder, TextCodec> tokenizers) {
        long start = System.nanoTime();
        ModelFolder folder = ModelFolder.open(dir);
        WeightFormat format = options.format() != null ? options.format() : folder.preferredFormat();
        TextCodec tokenizer = tokenizers.apply(folder);
        WeightSource source = null;
        try {
            DeviceChoice device = DeviceChoice.choose(options.device());
            PrecisionChoice precision = PrecisionChoice.choose(options.precision(), device, folder.config());
            source = WeightSources.open(folder, format);
            IndexTransformer transformer = IndexTransformer.load(source, folder.config(), device, precision.precision(),
                    progress, cancel);
            return new LoadedModel(folder, format, source, transformer, precision.reason(), tokenizer,
                    (System.nanoTime() - start) / 1e6);
        } catch (RuntimeException | Error e) {
            if (source != null) {
                source.close();
            }
            if (tokenizer instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** The current model, held until the lease is closed (an unload or a swap meanwhile frees it afterwards). */
    public Optional<Lease> lease() {
        while (true) {
            LoadedModel model;
            synchronized (this) {
                model = current;
            }
            if (model == null) {
                return Optional.empty();
            }
            if (model.acquire()) {
                return Optional.of(new Lease(model));
            }
            // it was closing: a newer model took its place, or none did; look again
        }
    }

    /** A hold on a loaded model for one piece of work. */
    public record Lease(LoadedModel model) implements AutoCloseable {
        @Override
        public void close() {
            model.release();
        }
    }

    public synchronized void unload() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    public void close() {
        unload();
    }
}
