package app.characterstudio.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * Element-type conversions done while loading: DJL cannot hold bf16, the CPU computes in fp32 and the GPU in
 * fp16. Results are direct little-endian buffers (what {@code NDManager.create(ByteBuffer, ...)} copies from);
 * {@link #convertInto} fills a caller's scratch buffer instead, so a whole model can be converted through one
 * buffer without a heap copy per tensor. Conversions are exact except to fp16 (round to nearest even,
 * overflow to infinity).
 */
public final class TensorConversions {
    private static final int CHUNK = 1 << 14;
    private static final float[] HALF_TO_FLOAT = new float[1 << 16];

    static {
        for (int h = 0; h < HALF_TO_FLOAT.length; h++) {
            HALF_TO_FLOAT[h] = computeHalfToFloat((short) h);
        }
    }

    private TensorConversions() {
    }

    /** {@code source} (raw little-endian elements of {@code from}) as fp32, in a new direct buffer. */
    public static ByteBuffer toFloat32(ByteBuffer source, TensorType from) {
        return convert(source, from, TensorType.F32);
    }

    /** {@code source} as fp16, in a new direct buffer. */
    public static ByteBuffer toFloat16(ByteBuffer source, TensorType from) {
        return convert(source, from, TensorType.F16);
    }

    public static ByteBuffer convert(ByteBuffer source, TensorType from, TensorType to) {
        long elements = elements(source, from);
        ByteBuffer target = ByteBuffer.allocateDirect(Math.toIntExact(elements * to.bytes())).order(ByteOrder.LITTLE_ENDIAN);
        convertInto(source, from, target, to);
        return target;
    }

    /**
     * Converts all of {@code source} (from its position) into {@code target} from its position, which must
     * have room; afterwards {@code target}'s position is unchanged and its limit marks the end of the data.
     */
    public static void convertInto(ByteBuffer source, TensorType from, ByteBuffer target, TensorType to) {
        int elements = Math.toIntExact(elements(source, from));
        if (to == TensorType.BF16) {
            throw new IllegalArgumentException("conversion to BF16 is not supported: DJL cannot hold bf16");
        }
        if (target.remaining() < elements * to.bytes()) {
            throw new IllegalArgumentException("target has " + target.remaining() + " bytes, needs " + elements * to.bytes());
        }
        ByteBuffer in = source.slice().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = target.slice().order(ByteOrder.LITTLE_ENDIAN);
        target.limit(target.position() + elements * to.bytes());
        if (from == to) {
            out.put(in);
        } else if (to == TensorType.F32) {
            toFloats(in.asShortBuffer(), from, out.asFloatBuffer(), elements);
        } else if (from == TensorType.F32) {
            floatsToHalves(in.asFloatBuffer(), out.asShortBuffer(), elements);
        } else {
            bf16ToHalves(in.asShortBuffer(), out.asShortBuffer(), elements);
        }
    }

    /** Small tensors (norm weights) as a float array. */
    public static float[] toFloatArray(ByteBuffer source, TensorType from) {
        int elements = Math.toIntExact(elements(source, from));
        float[] values = new float[elements];
        ByteBuffer in = source.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (from == TensorType.F32) {
            in.asFloatBuffer().get(values);
        } else {
            ShortBuffer shorts = in.asShortBuffer();
            for (int i = 0; i < elements; i++) {
                short bits = shorts.get(i);
                values[i] = from == TensorType.BF16 ? bf16ToFloat(bits) : halfToFloat(bits);
            }
        }
        return values;
    }

    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    public static float halfToFloat(short bits) {
        return HALF_TO_FLOAT[bits & 0xFFFF];
    }

    /** IEEE 754 binary16, round to nearest even; NaN stays NaN, overflow becomes infinity. */
    public static short floatToHalf(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7FFFFF;
        if (exponent == 0xFF) {
            return (short) (sign | 0x7C00 | (mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0));
        }
        int e = exponent - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            int full = mantissa | 0x800000;
            int shift = 14 - e;
            int half = full >> shift;
            int rest = full & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rest > halfway || (rest == halfway && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mantissa >>> 13);
        int rest = mantissa & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            half++; // a carry into the exponent is the correct rounding (up to infinity)
        }
        return (short) (sign | half);
    }

    private static float computeHalfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f;
            return sign != 0 ? -value : value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static void toFloats(ShortBuffer in, TensorType from, FloatBuffer out, int elements) {
        short[] shorts = new short[Math.min(CHUNK, elements)];
        float[] floats = new float[shorts.length];
        for (int start = 0; start < elements; start += CHUNK) {
            int n = Math.min(CHUNK, elements - start);
            in.get(shorts, 0, n);
            if (from == TensorType.BF16) {
                for (int i = 0; i < n; i++) {
                    floats[i] = Float.intBitsToFloat(shorts[i] << 16);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    floats[i] = HALF_TO_FLOAT[shorts[i] & 0xFFFF];
                }
            }
            out.put(floats, 0, n);
        }
    }

    private static void floatsToHalves(FloatBuffer in, ShortBuffer out, int elements) {
        float[] floats = new float[Math.min(CHUNK, elements)];
        short[] shorts = new short[floats.length];
        for (int start = 0; start < elements; start += CHUNK) {
            int n = Math.min(CHUNK, elements - start);
            in.get(floats, 0, n);
            for (int i = 0; i < n; i++) {
                shorts[i] = floatToHalf(floats[i]);
            }
            out.put(shorts, 0, n);
        }
    }

    private static void bf16ToHalves(ShortBuffer in, ShortBuffer out, int elements) {
        short[] shorts = new short[Math.min(CHUNK, elements)];
        for (int start = 0; start < elements; start += CHUNK) {
            int n = Math.min(CHUNK, elements - start);
            in.get(shorts, 0, n);
            for (int i = 0; i < n; i++) {
                shorts[i] = floatToHalf(Float.intBitsToFloat(shorts[i] << 16));
            }
            out.put(shorts, 0, n);
        }
    }

    private static long elements(ByteBuffer source, TensorType from) {
        if (source.remaining() % from.bytes() != 0) {
            throw new IllegalArgumentException(source.remaining() + " bytes are not whole " + from + " elements");
        }
        return source.remaining() / from.bytes();
    }
}
