package app.characterstudio.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Both weight formats, single and sharded, give the same tensors, byte for byte. */
class WeightSourcesTest {
    @Test
    void safetensorsAndTorchBinHoldTheSameFp32Tensors() {
        ModelFolder folder = ModelFolder.open(Fixtures.tinyIndex());
        try (MappedWeightSource st = WeightSources.open(folder, WeightFormat.SAFETENSORS);
             MappedWeightSource bin = WeightSources.open(folder, WeightFormat.TORCH_BIN)) {
            assertEquals(3 + 9 * 2, st.names().size());
            assertEquals(st.names(), bin.names());
            assertSameTensors(st, bin);
            TensorInfo embed = st.info("model.embed_tokens.weight");
            assertEquals(TensorType.F32, embed.type());
            assertArrayEquals(new long[] {640, 32}, embed.shape());
            ByteBuffer data = st.data("model.embed_tokens.weight");
            assertTrue(data.isReadOnly());
            assertEquals(0, data.position());
            assertEquals(ByteOrder.LITTLE_ENDIAN, data.order());
            assertEquals(640 * 32 * 4, data.remaining());
            assertArrayEquals(new long[] {32, 96}, bin.info("model.layers.1.mlp.down_proj.weight").shape());
        }
    }

    @Test
    void shardedSafetensorsAndABinWithSharedStoragesAgreeInBf16() {
        ModelFolder folder = ModelFolder.open(Fixtures.tinyIndexBf16());
        try (MappedWeightSource sharded = WeightSources.open(folder);
             MappedWeightSource bin = WeightSources.open(folder, WeightFormat.TORCH_BIN)) {
            assertTrue(sharded.description().endsWith("model.safetensors.index.json"));
            assertEquals(sharded.names(), bin.names());
            assertSameTensors(sharded, bin);
            assertEquals(TensorType.BF16, bin.info("model.layers.0.self_attn.v_proj.weight").type());
            // q, k and v are views of one storage in the bin: v starts 2 * 32 * 32 elements in
            MappedWeightSource.Location q = bin.location("model.layers.0.self_attn.q_proj.weight");
            MappedWeightSource.Location v = bin.location("model.layers.0.self_attn.v_proj.weight");
            assertEquals(2 * 32 * 32 * 2, v.offset() - q.offset());
        }
    }

    @Test
    void bf16TensorsAreTheFp32TensorsRounded() {
        try (MappedWeightSource fp32 = WeightSources.open(ModelFolder.open(Fixtures.tinyIndex()));
             MappedWeightSource bf16 = WeightSources.open(ModelFolder.open(Fixtures.tinyIndexBf16()))) {
            ByteBuffer wide = fp32.data("model.norm.weight");
            ByteBuffer narrow = bf16.data("model.norm.weight");
            for (int i = 0; i < 32; i++) {
                float expected = wide.getFloat(4 * i);
                float actual = Float.intBitsToFloat((narrow.getShort(2 * i) & 0xFFFF) << 16);
                assertEquals(expected, actual, Math.abs(expected) / 128);
            }
        }
    }

    @Test
    void shardedTorchBinsWithGroupedQueryAttention() {
        ModelFolder folder = ModelFolder.open(Fixtures.tinyIndexGqa());
        try (MappedWeightSource source = WeightSources.open(folder)) {
            assertEquals(21, source.names().size());
            assertArrayEquals(new long[] {16, 32}, source.info("model.layers.0.self_attn.k_proj.weight").shape());
            assertArrayEquals(new long[] {32, 32}, source.info("model.layers.0.self_attn.q_proj.weight").shape());
            assertEquals(TensorType.F16, source.info("lm_head.weight").type());
            assertEquals(640 * 32 * 2, source.data("lm_head.weight").remaining());
            assertTrue(source.location("lm_head.weight").file().getFileName().toString().endsWith("00002-of-00002.bin"));
        }
    }

    @Test
    void anAbsentTensorIsNamed() {
        try (MappedWeightSource source = WeightSources.open(ModelFolder.open(Fixtures.tinyIndex()))) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> source.info("model.layers.7.mlp.up_proj.weight"));
            assertTrue(e.getMessage().contains("model.layers.7.mlp.up_proj.weight")
                    && e.getMessage().contains("model.safetensors"), e.getMessage());
        }
    }

    @Test
    void buffersHandedOutSurviveClose() {
        ByteBuffer data;
        MappedWeightSource source = WeightSources.open(ModelFolder.open(Fixtures.tinyIndex()));
        data = source.data("model.norm.weight");
        source.close();
        assertEquals(32 * 4, data.remaining());
        assertTrue(Float.isFinite(data.getFloat(0)));
        assertThrows(ModelLoadException.class, () -> source.data("model.norm.weight"));
    }

    static void assertSameTensors(MappedWeightSource a, MappedWeightSource b) {
        Set<String> names = a.names();
        for (String name : names) {
            assertEquals(a.info(name), b.info(name), name);
            assertArrayEquals(Fixtures.bytes(a.data(name)), Fixtures.bytes(b.data(name)), name);
        }
    }
}
