package app.characterstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every header entry is checked against the file; errors name the file and the tensor. */
class SafetensorsValidationTest {
    @TempDir
    Path temp;

    @Test
    void acceptsAWellFormedFileAndSkipsUnsupportedTypes() throws IOException {
        Path file = write("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[16,24]}}", 24);
        try (MappedWeightSource source = SafetensorsSource.open(file)) {
            assertEquals(java.util.Set.of("a"), source.names());
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> source.info("ids"));
            assertTrue(e.getMessage().contains("I64"), e.getMessage());
        }
    }

    @Test
    void truncatedData() throws IOException {
        Path file = temp.resolve("model.safetensors");
        byte[] whole = Files.readAllBytes(Fixtures.tinyIndex().resolve("model.safetensors"));
        Files.write(file, Arrays.copyOf(whole, whole.length - 100));
        assertError(file, "lm_head.weight", "truncated");
    }

    @Test
    void headerLengthPastTheEnd() throws IOException {
        Path file = temp.resolve("model.safetensors");
        ByteBuffer bytes = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1_000_000L);
        Files.write(file, bytes.array());
        assertError(file, "header length 1000000", "past the end");
        Files.write(file, new byte[5]);
        assertError(file, "truncated", "5 bytes");
    }

    @Test
    void overlappingOffsets() throws IOException {
        Path file = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[8,16]}}", 16);
        assertError(file, "tensors a [0, 16) and b [8, 16) overlap", "");
    }

    @Test
    void shapeThatDisagreesWithTheByteRange() throws IOException {
        Path file = write("{\"w\":{\"dtype\":\"BF16\",\"shape\":[3,4],\"data_offsets\":[0,16]}}", 16);
        assertError(file, "tensor w", "hold 16 bytes but BF16 [3, 4] needs 24");
    }

    @Test
    void unknownDtypeBrokenJsonAndBadOffsets() throws IOException {
        assertError(write("{\"w\":{\"dtype\":\"Q4\",\"shape\":[4],\"data_offsets\":[0,4]}}", 4),
                "tensor w", "unknown dtype \"Q4\"");
        assertError(write("{\"w\":{\"dtype\":\"F32\",", 4), "not valid JSON", "");
        assertError(write("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 4),
                "tensor w", "not a byte range");
        assertError(write("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4),
                "tensor w", "invalid dimension");
        assertError(write("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "Duplicate field", "");
    }

    @Test
    void aShapeWhoseByteSizeOverflowsALongIsTooLarge() throws IOException {
        assertError(write("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904],\"data_offsets\":[0,4]}}", 4),
                "tensor w", "is too large");
        assertError(write("{\"w\":{\"dtype\":\"F64\",\"shape\":[2,2305843009213693952],\"data_offsets\":[0,4]}}", 4),
                "tensor w", "is too large");
    }

    @Test
    void offsetsNearLongMaxAreNotReadyToLoad() throws IOException {
        long max = Long.MAX_VALUE;
        assertError(write("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[" + (max - 5) + "," + (max - 1)
                + "]}}", 4), "tensor w", "past the end of the file");
        long elements = (max - 3) / 4;
        assertError(write("{\"w\":{\"dtype\":\"F32\",\"shape\":[" + elements + "],\"data_offsets\":[0,"
                + elements * 4 + "]}}", 4), "tensor w", "past the end of the file");
    }

    @Test
    void missingShardNamedByTheIndex() throws IOException {
        Path dir = Fixtures.copy(Fixtures.tinyIndexBf16(), temp);
        Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> WeightSources.open(ModelFolder.open(dir)));
        assertEquals("missing file " + dir.resolve("model-00002-of-00002.safetensors"), e.getMessage());
    }

    @Test
    void indexThatPlacesATensorInTheWrongShard() throws IOException {
        Path dir = Fixtures.copy(Fixtures.tinyIndexBf16(), temp);
        Path index = dir.resolve("model.safetensors.index.json");
        Files.writeString(index, Files.readString(index).replace(
                "\"lm_head.weight\": \"model-00002-of-00002.safetensors\"",
                "\"lm_head.weight\": \"model-00001-of-00002.safetensors\""));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> WeightSources.open(ModelFolder.open(dir)));
        assertTrue(e.getMessage().contains("lm_head.weight") && e.getMessage().contains("model-00001-of-00002"),
                e.getMessage());
    }

    private Path write(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(json.length).put(json);
        Path path = Files.createTempFile(temp, "t", ".safetensors");
        Files.write(path, file.array());
        return path;
    }

    private static void assertError(Path file, String part, String otherPart) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> SafetensorsSource.open(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(part) && e.getMessage().contains(otherPart), e.getMessage());
    }
}
