package app.characterstudio.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens {@code .safetensors} files: an 8-byte little-endian header length, a JSON header of
 * {@code name: {dtype, shape, data_offsets: [begin, end]}} (offsets relative to the end of the header),
 * then the raw bytes. Every header entry is checked against the file before anything is used.
 */
public final class SafetensorsSource {
    /** Real headers are a few hundred KiB; anything near this is a corrupt length, not a header. */
    static final long MAX_HEADER_BYTES = 100L << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Map<String, Integer> OTHER_DTYPES = Map.ofEntries(
            Map.entry("F64", 8), Map.entry("I64", 8), Map.entry("U64", 8), Map.entry("I32", 4), Map.entry("U32", 4),
            Map.entry("I16", 2), Map.entry("U16", 2), Map.entry("I8", 1), Map.entry("U8", 1), Map.entry("BOOL", 1),
            Map.entry("F8_E4M3", 1), Map.entry("F8_E5M2", 1));

    private SafetensorsSource() {
    }

    public static MappedWeightSource open(Path file) {
        FileChannel channel = openChannel(file);
        try {
            return read(file, channel);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The shards named by a {@code model.safetensors.index.json}, as one source. */
    public static MappedWeightSource openSharded(Path indexFile) {
        ShardIndex index = ShardIndex.read(indexFile);
        List<MappedWeightSource> parts = new ArrayList<>();
        try {
            for (Path shard : index.files()) {
                parts.add(open(shard));
            }
        } catch (RuntimeException e) {
            parts.forEach(MappedWeightSource::close);
            throw e;
        }
        MappedWeightSource joined = MappedWeightSource.join(indexFile.toString(), parts);
        return ShardCheck.againstIndex(joined, index);
    }

    static FileChannel openChannel(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("missing file " + file);
        } catch (IOException e) {
            throw new ModelLoadException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private static MappedWeightSource read(Path file, FileChannel channel) {
        long fileSize = size(file, channel);
        if (fileSize < 8) {
            throw new ModelLoadException(file + " is truncated: " + fileSize + " bytes, not even a header length");
        }
        ByteBuffer lengthBytes = readFully(file, channel, 0, 8);
        long headerLength = lengthBytes.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > fileSize) {
            throw new ModelLoadException(file + ": header length " + Long.toUnsignedString(headerLength)
                    + " goes past the end of the file (" + fileSize + " bytes): truncated or not a safetensors file");
        }
        ByteBuffer headerBytes = readFully(file, channel, 8, (int) headerLength);
        JsonNode header;
        try {
            header = MAPPER.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelLoadException(file + ": the header is not valid JSON: " + e.getMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new ModelLoadException(file + ": the header is not a JSON object");
        }
        long dataStart = 8 + headerLength;
        Map<String, MappedWeightSource.Location> tensors = new LinkedHashMap<>();
        Map<String, String> unsupported = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        List<String> rangeNames = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : header.properties()) {
            String name = field.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            JsonNode entry = field.getValue();
            String where = file + ": tensor " + name;
            String dtype = entry.path("dtype").asText("");
            TensorType type = switch (dtype) {
                case "F32" -> TensorType.F32;
                case "F16" -> TensorType.F16;
                case "BF16" -> TensorType.BF16;
                default -> null;
            };
            Integer otherSize = OTHER_DTYPES.get(dtype);
            if (type == null && otherSize == null) {
                throw new ModelLoadException(where + ": unknown dtype \"" + dtype + "\"");
            }
            long[] shape = shape(entry.get("shape"), where);
            long[] offsets = offsets(entry.get("data_offsets"), where);
            long expected = byteCount(shape, type != null ? type.bytes() : otherSize, where);
            if (offsets[1] - offsets[0] != expected) {
                throw new ModelLoadException(where + ": data_offsets [" + offsets[0] + ", " + offsets[1] + "] hold "
                        + (offsets[1] - offsets[0]) + " bytes but " + dtype + " " + java.util.Arrays.toString(shape)
                        + " needs " + expected);
            }
            // compared without adding: an end near Long.MAX_VALUE must not wrap around into range
            if (offsets[1] > fileSize - dataStart) {
                throw new ModelLoadException(where + ": data ends at byte " + offsets[1] + " after the header ("
                        + dataStart + " bytes), past the end of the file (" + fileSize + " bytes): the file is truncated");
            }
            if (expected > 0) {
                ranges.add(offsets);
                rangeNames.add(name);
            }
            if (type == null) {
                unsupported.put(name, "type " + dtype + " is not supported (F32, F16, BF16)");
            } else {
                tensors.put(name, new MappedWeightSource.Location(new TensorInfo(name, type, shape), file,
                        dataStart + offsets[0]));
            }
        }
        checkNoOverlap(file, ranges, rangeNames);
        return new MappedWeightSource(file.toString(), tensors, unsupported, Map.of(file, channel));
    }

    private static long[] shape(JsonNode node, String where) {
        if (node == null || !node.isArray()) {
            throw new ModelLoadException(where + ": \"shape\" is missing or not a list");
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dim = node.get(i);
            if (!dim.isIntegralNumber() || !dim.canConvertToLong() || dim.longValue() < 0) {
                throw new ModelLoadException(where + ": shape " + node + " has an invalid dimension " + dim);
            }
            shape[i] = dim.longValue();
        }
        return shape;
    }

    private static long[] offsets(JsonNode node, String where) {
        if (node == null || !node.isArray() || node.size() != 2 || !node.get(0).canConvertToLong()
                || !node.get(1).canConvertToLong() || !node.get(0).isIntegralNumber() || !node.get(1).isIntegralNumber()) {
            throw new ModelLoadException(where + ": \"data_offsets\" must be two integers [begin, end], found " + node);
        }
        long begin = node.get(0).longValue();
        long end = node.get(1).longValue();
        if (begin < 0 || end < begin) {
            throw new ModelLoadException(where + ": data_offsets [" + begin + ", " + end + "] are not a byte range");
        }
        return new long[] {begin, end};
    }

    /** Bytes of a tensor of {@code shape}, each element {@code elementBytes}; a size past a long is refused. */
    private static long byteCount(long[] shape, int elementBytes, String where) {
        try {
            long count = elementBytes;
            for (long dim : shape) {
                count = Math.multiplyExact(count, dim);
            }
            return count;
        } catch (ArithmeticException e) {
            throw new ModelLoadException(where + ": shape " + java.util.Arrays.toString(shape) + " is too large");
        }
    }

    private static void checkNoOverlap(Path file, List<long[]> ranges, List<String> names) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(i -> ranges.get(i)[0]));
        for (int k = 1; k < order.size(); k++) {
            long[] previous = ranges.get(order.get(k - 1));
            long[] current = ranges.get(order.get(k));
            if (current[0] < previous[1]) {
                throw new ModelLoadException(file + ": tensors " + names.get(order.get(k - 1)) + " [" + previous[0] + ", "
                        + previous[1] + ") and " + names.get(order.get(k)) + " [" + current[0] + ", " + current[1]
                        + ") overlap");
            }
        }
    }

    static long size(Path file, FileChannel channel) {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static ByteBuffer readFully(Path file, FileChannel channel, long position, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new ModelLoadException(file + " is truncated at byte " + (position + buffer.position()));
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return buffer.flip();
    }

    static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written
        }
    }
}
