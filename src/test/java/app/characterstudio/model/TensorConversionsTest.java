package app.characterstudio.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorConversionsTest {
    @Test
    void everyHalfSurvivesARoundTripThroughFloat() {
        for (int h = 0; h < 1 << 16; h++) {
            float f = TensorConversions.halfToFloat((short) h);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(TensorConversions.halfToFloat(TensorConversions.floatToHalf(f))));
            } else {
                assertEquals((short) h, TensorConversions.floatToHalf(f), "half bits " + Integer.toHexString(h));
            }
        }
    }

    @Test
    void halfValuesAndRounding() {
        assertEquals(1.0f, TensorConversions.halfToFloat((short) 0x3C00));
        assertEquals(-2.0f, TensorConversions.halfToFloat((short) 0xC000));
        assertEquals(65504f, TensorConversions.halfToFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, TensorConversions.halfToFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, TensorConversions.halfToFloat((short) 0x7C00));
        assertEquals((short) 0x7C00, TensorConversions.floatToHalf(70000f));
        assertEquals((short) 0x7C00, TensorConversions.floatToHalf(65520f)); // rounds up past the largest half
        assertEquals((short) 0x7BFF, TensorConversions.floatToHalf(65519f));
        assertEquals((short) 0x3C00, TensorConversions.floatToHalf(1.0f + 0x1p-11f)); // tie: to even (down)
        assertEquals((short) 0x3C02, TensorConversions.floatToHalf(1.0f + 3 * 0x1p-11f)); // tie: to even (up)
        assertEquals((short) 0x0000, TensorConversions.floatToHalf(0x1p-26f));
        assertEquals((short) 0x0001, TensorConversions.floatToHalf(0x1p-24f * 0.75f));
        assertEquals((short) 0x8000, TensorConversions.floatToHalf(-0.0f));
    }

    @Test
    void halfConversionIsTheNearestHalf() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            float f = (float) (random.nextGaussian() * Math.pow(2, random.nextInt(30) - 20));
            int magnitude = TensorConversions.floatToHalf(Math.abs(f));
            assertEquals(TensorConversions.floatToHalf(f), (short) (magnitude | (f < 0 ? 0x8000 : 0)));
            float back = TensorConversions.halfToFloat((short) magnitude);
            float error = Math.abs(back - Math.abs(f));
            float up = TensorConversions.halfToFloat((short) (magnitude + 1));
            assertTrue(error <= Math.abs(up - Math.abs(f)), f + " -> " + back);
            if (magnitude > 0) {
                float down = TensorConversions.halfToFloat((short) (magnitude - 1));
                assertTrue(error <= Math.abs(down - Math.abs(f)), f + " -> " + back);
            }
        }
    }

    @Test
    void convertsBuffersBetweenTypes() {
        float[] values = {0f, 1f, -1.5f, 3.140625f, 1e-3f, -65504f, 0.5f};
        ByteBuffer bf16 = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bf16.putShort((short) (Float.floatToRawIntBits(v) >>> 16));
        }
        bf16.flip();
        ByteBuffer fp32 = TensorConversions.toFloat32(bf16, TensorType.BF16);
        assertTrue(fp32.isDirect());
        assertEquals(ByteOrder.LITTLE_ENDIAN, fp32.order());
        assertEquals(values.length * 4, fp32.remaining());
        for (int i = 0; i < values.length; i++) {
            float truncated = Float.intBitsToFloat(Float.floatToRawIntBits(values[i]) & 0xFFFF0000);
            assertEquals(truncated, fp32.getFloat(4 * i));
        }
        ByteBuffer fp16 = TensorConversions.toFloat16(bf16, TensorType.BF16);
        ByteBuffer viaFloat = TensorConversions.toFloat16(fp32, TensorType.F32);
        assertEquals(viaFloat, fp16);
        assertEquals(-65280f, TensorConversions.halfToFloat(fp16.getShort(10))); // bf16 of -65504
        ByteBuffer back = TensorConversions.toFloat32(fp16, TensorType.F16);
        assertArrayEquals(TensorConversions.toFloatArray(fp16, TensorType.F16), TensorConversions.toFloatArray(back, TensorType.F32));
        assertEquals(0, bf16.position(), "the source is not consumed");
    }

    @Test
    void convertsLargeTensorsInChunksAndIntoAScratchBuffer() {
        int n = 100_003;
        ByteBuffer fp32 = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            fp32.putFloat(i * 0.25f - 5000f);
        }
        fp32.flip();
        ByteBuffer scratch = ByteBuffer.allocateDirect(n * 2 + 10);
        TensorConversions.convertInto(fp32, TensorType.F32, scratch, TensorType.F16);
        assertEquals(n * 2, scratch.limit());
        scratch.order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(-5000f, TensorConversions.halfToFloat(scratch.getShort(0)));
        assertEquals(TensorConversions.halfToFloat(TensorConversions.floatToHalf((n - 1) * 0.25f - 5000f)),
                TensorConversions.halfToFloat(scratch.getShort(2 * (n - 1))));
        assertThrows(IllegalArgumentException.class,
                () -> TensorConversions.convertInto(fp32, TensorType.F32, ByteBuffer.allocate(8), TensorType.F16));
        assertThrows(IllegalArgumentException.class, () -> TensorConversions.convert(fp32, TensorType.F32, TensorType.BF16));
    }

    @Test
    void convertsMappedFixtureTensors() {
        try (MappedWeightSource fp32 = WeightSources.open(ModelFolder.open(Fixtures.tinyIndex()));
             MappedWeightSource bf16 = WeightSources.open(ModelFolder.open(Fixtures.tinyIndexBf16()))) {
            String name = "model.layers.1.mlp.gate_proj.weight";
            float[] exact = TensorConversions.toFloatArray(fp32.data(name), TensorType.F32);
            float[] widened = TensorConversions.toFloatArray(TensorConversions.toFloat32(bf16.data(name), TensorType.BF16),
                    TensorType.F32);
            assertEquals(exact.length, widened.length);
            for (int i = 0; i < exact.length; i++) {
                assertEquals(exact[i], widened[i], Math.abs(exact[i]) / 128 + 1e-30f);
            }
        }
    }
}
