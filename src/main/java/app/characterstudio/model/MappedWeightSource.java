package app.characterstudio.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tensors that lie at known byte ranges of one or more files. Each {@link #data} call maps just that
 * tensor's range read-only (a single mapping cannot exceed 2 GiB, a whole checkpoint can), so nothing is
 * copied onto the heap and the page cache is shared with every other reader of the file.
 */
public final class MappedWeightSource implements WeightSource {
    /** Where a tensor's bytes are: {@code info.byteCount()} bytes from {@code offset} of {@code file}. */
    public record Location(TensorInfo info, Path file, long offset) {
    }

    private final String description;
    private final Map<String, Location> tensors;
    private final Map<String, String> unsupported;
    private final Map<Path, FileChannel> channels;
    private volatile boolean closed;

    MappedWeightSource(String description, Map<String, Location> tensors, Map<String, String> unsupported,
                       Map<Path, FileChannel> channels) {
        this.description = description;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.unsupported = Collections.unmodifiableMap(new LinkedHashMap<>(unsupported));
        this.channels = new LinkedHashMap<>(channels);
    }

    /** Joins sources whose tensor names do not collide (the shards of one checkpoint); takes them over. */
    static MappedWeightSource join(String description, List<MappedWeightSource> parts) {
        Map<String, Location> tensors = new LinkedHashMap<>();
        Map<String, String> unsupported = new LinkedHashMap<>();
        Map<Path, FileChannel> channels = new LinkedHashMap<>();
        for (MappedWeightSource part : parts) {
            for (Location location : part.tensors.values()) {
                Location previous = tensors.putIfAbsent(location.info().name(), location);
                if (previous != null) {
                    parts.forEach(MappedWeightSource::close);
                    throw new ModelLoadException("tensor " + location.info().name() + " is in both "
                            + previous.file() + " and " + location.file());
                }
            }
            unsupported.putAll(part.unsupported);
            channels.putAll(part.channels);
        }
        return new MappedWeightSource(description, tensors, unsupported, channels);
    }

    /** What was opened, e.g. the file or the shard index. */
    public String description() {
        return description;
    }

    /** In file order; unmodifiable. */
    @Override
    public Set<String> names() {
        return tensors.keySet();
    }

    /** Tensors present in the files but of a type the studio does not compute with (name to reason). */
    public Map<String, String> unsupported() {
        return unsupported;
    }

    public Location location(String name) {
        Location location = tensors.get(name);
        if (location == null) {
            String reason = unsupported.get(name);
            throw new ModelLoadException(reason != null ? "tensor " + name + " in " + description + ": " + reason
                    : "missing tensor " + name + " in " + description);
        }
        return location;
    }

    @Override
    public TensorInfo info(String name) {
        return location(name).info();
    }

    @Override
    public ByteBuffer data(String name) {
        Location location = location(name);
        long bytes = location.info().byteCount();
        if (bytes > Integer.MAX_VALUE) {
            throw new ModelLoadException("tensor " + name + " in " + location.file() + " has " + bytes
                    + " bytes, more than one buffer can hold (2 GiB)");
        }
        if (closed) {
            throw new ModelLoadException("the weights of " + description + " are closed");
        }
        try {
            return channels.get(location.file()).map(FileChannel.MapMode.READ_ONLY, location.offset(), bytes)
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new ModelLoadException("cannot map tensor " + name + " of " + location.file() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Total bytes of all supported tensors. */
    public long byteCount() {
        return tensors.values().stream().mapToLong(l -> l.info().byteCount()).sum();
    }

    /** Buffers already handed out stay valid: a mapping outlives its channel. */
    @Override
    public void close() {
        closed = true;
        for (FileChannel channel : channels.values()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a read-only channel cannot lose data
            }
        }
    }

    @Override
    public String toString() {
        return description + " (" + tensors.size() + " tensors)";
    }
}
