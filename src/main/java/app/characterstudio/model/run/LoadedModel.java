package app.characterstudio.model.run;

import app.characterstudio.model.ModelConfig;
import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.WeightFormat;
import app.characterstudio.model.WeightSource;

/**
 * A model ready to generate: its folder, tokenizer, transformer, device and precision. Close to free it. Work that
 * runs on it (a generation) holds it with {@link #acquire()} / {@link #release()}: a close asked for meanwhile (Eject,
 * or a newer model swapped in) frees it when the last such work ends, never under it, and never makes the asker wait.
 */
public final class LoadedModel implements AutoCloseable {
    private final ModelFolder folder;
    private final WeightFormat format;
    private final WeightSource source;
    private final IndexTransformer transformer;
    private final String precisionReason;
    private final TextCodec tokenizer;
    private final double loadMillis;
    private final Generator generator;
    private int users;                 // guarded by this
    private boolean closeAsked;        // guarded by this
    private boolean freed;             // guarded by this

    LoadedModel(ModelFolder folder, WeightFormat format, WeightSource source, IndexTransformer transformer,
                String precisionReason, TextCodec tokenizer, double loadMillis) {
        this.precisionReason = precisionReason;
        this.folder = folder;
        this.format = format;
        this.source = source;
        this.transformer = transformer;
        this.tokenizer = tokenizer;
        this.loadMillis = loadMillis;
        this.generator = new Generator(transformer, tokenizer);
    }

    public String name() {
        return folder.dir().getFileName().toString();
    }

    public ModelFolder folder() {
        return folder;
    }

    public WeightFormat format() {
        return format;
    }

    public ModelConfig config() {
        return folder.config();
    }

    public TextCodec tokenizer() {
        return tokenizer;
    }

    public Generator generator() {
        return generator;
    }

    IndexTransformer transformer() {
        return transformer;
    }

    public DeviceChoice device() {
        return transformer.device();
    }

    public Precision precision() {
        return transformer.precision();
    }

    /** Why this precision: requested, or what auto saw (the device, the CPU's bf16 instructions). */
    public String precisionReason() {
        return precisionReason;
    }

    public long parameterCount() {
        return transformer.parameterCount();
    }

    /** Bytes the weights take in the compute precision (the KV cache of a generation comes on top). */
    public long weightBytes() {
        return transformer.weightBytes();
    }

    /** KV cache bytes one generation of {@code positions} positions and {@code candidates} rows needs. */
    public long cacheBytes(int positions, int candidates) {
        return transformer.cacheBytesPerPosition() * positions * candidates;
    }

    public double loadMillis() {
        return loadMillis;
    }

    /** Holds the model for a piece of work; false when it is already closing (then use the current one again). */
    public synchronized boolean acquire() {
        if (closeAsked) {
            return false;
        }
        users++;
        return true;
    }

    /** Ends a piece of work begun with {@link #acquire()}; the last one out frees a model whose close was asked. */
    public void release() {
        boolean free;
        synchronized (this) {
            if (users == 0) {
                throw new IllegalStateException("release() without acquire()");
            }
            users--;
            free = closeAsked && users == 0 && !freed;
            freed |= free;
        }
        if (free) {
            free();
        }
    }

    /** Whether the native memory has been freed. */
    public synchronized boolean isClosed() {
        return freed;
    }

    /** Frees the model now, or when the work holding it ends. */
    @Override
    public void close() {
        boolean free;
        synchronized (this) {
            closeAsked = true;
            free = users == 0 && !freed;
            freed |= free;
        }
        if (free) {
            free();
        }
    }

    private void free() {
        generator.close();
        transformer.close();
        if (tokenizer instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the tokenizer", e);
            }
        }
        source.close();
    }
}
