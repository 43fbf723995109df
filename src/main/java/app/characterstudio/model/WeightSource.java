package app.characterstudio.model;

import java.nio.ByteBuffer;
import java.util.Set;

/**
 * The tensors of a checkpoint, whatever its file format ({@code model.safetensors}, sharded or not;
 * {@code pytorch_model.bin}, sharded or not). Data is memory-mapped, not read whole.
 */
public interface WeightSource extends AutoCloseable {
    Set<String> names();

    /** @throws ModelLoadException naming the tensor and the file when it is absent */
    TensorInfo info(String name);

    /**
     * The raw little-endian bytes of {@code name}: a read-only buffer of exactly
     * {@link TensorInfo#byteCount()} bytes, position 0 (often a slice of a mapped file: never write to it).
     */
    ByteBuffer data(String name);

    @Override
    void close();
}
