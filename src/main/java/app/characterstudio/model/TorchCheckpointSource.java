package app.characterstudio.model;

import app.characterstudio.model.RestrictedUnpickler.TensorRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Opens {@code pytorch_model.bin} as written by {@code torch.save}: a zip whose single {@code <stem>/data.pkl}
 * describes the state dict and whose {@code <stem>/data/<key>} entries hold the raw storages, stored
 * uncompressed. The pickle is read by {@link RestrictedUnpickler} (no code runs); each tensor is then a byte
 * range of the zip file itself, mapped like a safetensors tensor.
 */
public final class TorchCheckpointSource {
    static final long MAX_PICKLE_BYTES = 256L << 20;

    private TorchCheckpointSource() {
    }

    public static MappedWeightSource open(Path file) {
        FileChannel channel = SafetensorsSource.openChannel(file);
        try {
            return read(file, channel);
        } catch (RuntimeException e) {
            SafetensorsSource.closeQuietly(channel);
            throw e;
        }
    }

    /** The shards named by a {@code pytorch_model.bin.index.json}, as one source. */
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
        return ShardCheck.againstIndex(MappedWeightSource.join(indexFile.toString(), parts), index);
    }

    private static MappedWeightSource read(Path file, FileChannel channel) {
        long fileSize = SafetensorsSource.size(file, channel);
        if (fileSize >= 2) {
            java.nio.ByteBuffer magic = SafetensorsSource.readFully(file, channel, 0, 2);
            if (magic.get(0) == (byte) 0x80 && magic.get(1) <= 5) {
                throw new ModelLoadException(file + " is in the legacy torch.save format (before PyTorch 1.6), which"
                        + " cannot be memory-mapped; re-save it with a newer PyTorch or convert it to safetensors");
            }
        }
        try (ZipFile zip = ZipFile.builder().setPath(file).get()) {
            ZipArchiveEntry pickleEntry = dataPickle(file, zip);
            String prefix = pickleEntry.getName().substring(0, pickleEntry.getName().length() - "data.pkl".length());
            Object root = new RestrictedUnpickler(file.toString()).read(readPickle(file, zip, pickleEntry));
            if (!(root instanceof Map<?, ?> stateDict)) {
                throw new ModelLoadException(file + ": the pickle holds " + (root == null ? "None"
                        : "a " + root.getClass().getSimpleName())
                        + ", not a state dict of tensors");
            }
            Map<String, MappedWeightSource.Location> tensors = new LinkedHashMap<>();
            Map<String, String> unsupported = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : stateDict.entrySet()) {
                String name = String.valueOf(entry.getKey());
                if (!(entry.getValue() instanceof TensorRef tensor)) {
                    unsupported.put(name, "it is not a tensor");
                    continue;
                }
                TensorType type = switch (tensor.storage().storageType()) {
                    case "FloatStorage" -> TensorType.F32;
                    case "HalfStorage" -> TensorType.F16;
                    case "BFloat16Storage" -> TensorType.BF16;
                    default -> null;
                };
                if (type == null) {
                    unsupported.put(name, "storage type torch." + tensor.storage().storageType()
                            + " is not supported (float32, float16, bfloat16)");
                    continue;
                }
                tensors.put(name, locate(file, fileSize, zip, prefix, name, type, tensor));
            }
            return new MappedWeightSource(file.toString(), tensors, unsupported, Map.of(file, channel));
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("missing file " + file);
        } catch (IOException e) {
            throw new ModelLoadException(file + " is not a readable torch.save zip (truncated or damaged?): "
                    + e.getMessage(), e);
        }
    }

    private static ZipArchiveEntry dataPickle(Path file, ZipFile zip) {
        List<ZipArchiveEntry> pickles = new ArrayList<>();
        zip.getEntries().asIterator().forEachRemaining(entry -> {
            if (entry.getName().equals("data.pkl") || entry.getName().endsWith("/data.pkl")) {
                pickles.add(entry);
            }
        });
        if (pickles.size() != 1) {
            throw new ModelLoadException(file + ": expected exactly one data.pkl in the archive, found "
                    + pickles.stream().map(ZipArchiveEntry::getName).toList()
                    + " (is it a torch.save file of the zip format?)");
        }
        return pickles.get(0);
    }

    private static byte[] readPickle(Path file, ZipFile zip, ZipArchiveEntry entry) throws IOException {
        if (entry.getSize() > MAX_PICKLE_BYTES) {
            throw new ModelLoadException(file + ": " + entry.getName() + " is " + entry.getSize()
                    + " bytes, far more than a state dict's description");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readNBytes((int) MAX_PICKLE_BYTES);
        }
    }

    private static MappedWeightSource.Location locate(Path file, long fileSize, ZipFile zip, String prefix, String name,
                                                      TensorType type, TensorRef tensor) {
        String where = file + ": tensor " + name;
        if (!tensor.contiguous()) {
            throw new ModelLoadException(where + " is not contiguous (size " + Arrays.toString(tensor.size())
                    + ", stride " + Arrays.toString(tensor.stride()) + "); save it with .contiguous()");
        }
        String entryName = prefix + "data/" + tensor.storage().key();
        ZipArchiveEntry entry = zip.getEntry(entryName);
        if (entry == null) {
            throw new ModelLoadException(where + ": its storage " + entryName + " is missing from the archive");
        }
        if (entry.getMethod() != ZipArchiveEntry.STORED) {
            throw new ModelLoadException(where + ": its storage " + entryName
                    + " is compressed; torch.save stores storages uncompressed so they can be mapped");
        }
        long dataOffset = entry.getDataOffset();
        if (dataOffset < 0 || entry.getSize() < 0 || entry.getSize() > fileSize - dataOffset) {
            throw new ModelLoadException(where + ": its storage " + entryName + " ends past the end of the file ("
                    + fileSize + " bytes): the file is truncated");
        }
        TensorInfo info;
        try {
            info = new TensorInfo(name, type, tensor.size());
            long end = Math.multiplyExact(Math.addExact(tensor.offset(), info.elementCount()), (long) type.bytes());
            if (end > entry.getSize()) {
                throw new ModelLoadException(where + " (" + type + " " + Arrays.toString(tensor.size()) + " at element "
                        + tensor.offset() + ") needs " + end + " bytes but its storage " + entryName + " has "
                        + entry.getSize());
            }
        } catch (ArithmeticException e) {
            throw new ModelLoadException(where + ": size " + Arrays.toString(tensor.size()) + " is too large");
        }
        return new MappedWeightSource.Location(info, file, dataOffset + tensor.offset() * type.bytes());
    }
}
