package app.characterstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint of the real Index-1.9B shapes (4.35 GB of bf16, written as a sparse file: no disk or time
 * spent) opens and maps under the tests' 2 GB heap: nothing is read whole, offsets past 2 and 4 GiB are right.
 */
class RealSizeCheckpointTest {
    static final ModelConfig INDEX_1_9B = new ModelConfig("IndexForCausalLM", 2048, 36, 16, 16, 5888, 65029, 4096,
            1e-6f, 10000f, true, false, false, TensorType.BF16);

    @TempDir
    Path temp;

    @Test
    void mapsEveryTensorOfAFourGigabyteFileWithoutHeap() throws IOException {
        Path file = temp.resolve("model.safetensors");
        long dataStart = writeSparse(file, ModelValidator.expectedShapes(INDEX_1_9B));
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();
        try (MappedWeightSource weights = SafetensorsSource.open(file)) {
            ModelValidator.validate(INDEX_1_9B, weights, file.toString());
            long parameters = 0;
            for (String name : weights.names()) {
                ByteBuffer data = weights.data(name);
                parameters += data.remaining() / 2;
                data.get(0);
                data.get(data.remaining() - 1);
            }
            assertEquals(2L * 65029 * 2048 + 36L * (4 * 2048 * 2048 + 3 * 2048 * 5888 + 2 * 2048) + 2048, parameters);
            assertEquals(2.17e9, parameters, 0.01e9, "about 2.17 B parameters");
            assertTrue(weights.location("lm_head.weight").offset() > Integer.MAX_VALUE);
            assertTrue(file.toFile().length() > (4L << 30));
            ByteBuffer head = weights.data("lm_head.weight");
            assertEquals((short) 0x3F80, head.getShort(head.remaining() - 2), "bf16 1.0 written at the file's end");
            assertEquals(dataStart + weights.byteCount(), file.toFile().length());
        }
        long heapAfter = runtime.totalMemory() - runtime.freeMemory();
        assertTrue(heapAfter - heapBefore < 256L << 20, "heap grew by " + (heapAfter - heapBefore));
    }

    /** Header and one marker value are written; the rest of the file is a hole. */
    private static long writeSparse(Path file, Map<String, long[]> shapes) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode header = mapper.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, long[]> shape : shapes.entrySet()) {
            long bytes = 2;
            for (long dim : shape.getValue()) {
                bytes *= dim;
            }
            ObjectNode entry = header.putObject(shape.getKey());
            entry.put("dtype", "BF16");
            entry.set("shape", mapper.valueToTree(shape.getValue()));
            entry.set("data_offsets", mapper.valueToTree(new long[] {offset, offset + bytes}));
            offset += bytes;
        }
        byte[] json = mapper.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        long dataStart = 8 + json.length;
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            out.write(json);
            out.setLength(dataStart + offset);
            out.seek(dataStart + offset - 2);
            out.write(new byte[] {(byte) 0x80, 0x3F});
        }
        return dataStart;
    }
}
