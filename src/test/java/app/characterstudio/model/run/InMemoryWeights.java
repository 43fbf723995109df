package app.characterstudio.model.run;

import app.characterstudio.model.ModelConfig;
import app.characterstudio.model.ModelLoadException;
import app.characterstudio.model.TensorInfo;
import app.characterstudio.model.TensorType;
import app.characterstudio.model.WeightSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** A random-weight checkpoint of a given shape held in direct buffers: a WeightSource for tests. */
final class InMemoryWeights implements WeightSource {
    private final Map<String, TensorInfo> infos = new LinkedHashMap<>();
    private final Map<String, ByteBuffer> data = new LinkedHashMap<>();

    static ModelConfig tinyConfig(int maxPositions) {
        return new ModelConfig("IndexForCausalLM", 32, 2, 4, 2, 48, 300, maxPositions, 1e-6f, 10000f,
                true, false, false, TensorType.F32);
    }

    static InMemoryWeights random(ModelConfig config, TensorType type, long seed) {
        InMemoryWeights weights = new InMemoryWeights();
        Random random = new Random(seed);
        int h = config.hiddenSize();
        int q = config.headCount() * config.headDim();
        int kv = config.kvHeadCount() * config.headDim();
        int inter = config.intermediateSize();
        weights.add("model.embed_tokens.weight", type, random, 1.0f, config.vocabSize(), h);
        for (int i = 0; i < config.layerCount(); i++) {
            String p = "model.layers." + i + ".";
            weights.addNorm(p + "input_layernorm.weight", type, random, h);
            weights.add(p + "self_attn.q_proj.weight", type, random, 0.3f, q, h);
            weights.add(p + "self_attn.k_proj.weight", type, random, 0.3f, kv, h);
            weights.add(p + "self_attn.v_proj.weight", type, random, 0.3f, kv, h);
            weights.add(p + "self_attn.o_proj.weight", type, random, 0.3f, h, q);
            weights.addNorm(p + "post_attention_layernorm.weight", type, random, h);
            weights.add(p + "mlp.gate_proj.weight", type, random, 0.3f, inter, h);
            weights.add(p + "mlp.up_proj.weight", type, random, 0.3f, inter, h);
            weights.add(p + "mlp.down_proj.weight", type, random, 0.3f, h, inter);
        }
        weights.addNorm("model.norm.weight", type, random, h);
        weights.add("lm_head.weight", type, random, 1.0f, config.vocabSize(), h);
        return weights;
    }

    private void addNorm(String name, TensorType type, Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = 1f + 0.1f * (float) random.nextGaussian();
        }
        put(name, type, values, size);
    }

    private void add(String name, TensorType type, Random random, float scale, long... shape) {
        int count = Math.toIntExact(shape[0] * shape[1]);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = scale * (float) random.nextGaussian();
        }
        put(name, type, values, shape);
    }

    void put(String name, TensorType type, float[] values, long... shape) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(values.length * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            switch (type) {
                case F32 -> buffer.putFloat(value);
                case BF16 -> buffer.putShort((short) (Float.floatToIntBits(value) >>> 16));
                case F16 -> buffer.putShort(Half.fromFloat(value));
            }
        }
        buffer.flip();
        infos.put(name, new TensorInfo(name, type, shape));
        data.put(name, buffer.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }

    /** The same weights rounded to another type (bf16 by truncation, the conversion this loader inverts exactly). */
    InMemoryWeights convertedTo(TensorType type) {
        InMemoryWeights other = new InMemoryWeights();
        for (String name : infos.keySet()) {
            ByteBuffer in = data.get(name).duplicate().order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[in.remaining() / 4];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.getFloat();
            }
            other.put(name, type, values, infos.get(name).shape());
        }
        return other;
    }

    /** These weights widened back to fp32 exactly as stored. */
    InMemoryWeights convertedToF32() {
        InMemoryWeights other = new InMemoryWeights();
        for (String name : infos.keySet()) {
            TensorInfo info = infos.get(name);
            ByteBuffer in = data.get(name).duplicate().order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[Math.toIntExact(info.elementCount())];
            for (int i = 0; i < values.length; i++) {
                short bits = in.getShort();
                values[i] = info.type() == TensorType.BF16 ? Float.intBitsToFloat((bits & 0xffff) << 16)
                        : halfToFloat(bits);
            }
            other.put(name, TensorType.F32, values, info.shape());
        }
        return other;
    }

    private static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0) {
            return Float.intBitsToFloat(sign) + (sign != 0 ? -1 : 1) * mantissa * 0x1p-24f;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    void remove(String name) {
        infos.remove(name);
        data.remove(name);
    }

    @Override
    public Set<String> names() {
        return infos.keySet();
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo info = infos.get(name);
        if (info == null) {
            throw new ModelLoadException("no tensor " + name);
        }
        return info;
    }

    @Override
    public ByteBuffer data(String name) {
        return data.get(name).duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() {
    }

    /** IEEE half precision, round to nearest even (enough for test data in range). */
    static final class Half {
        private Half() {
        }

        static short fromFloat(float value) {
            int bits = Float.floatToIntBits(value);
            int sign = (bits >>> 16) & 0x8000;
            int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
            int mantissa = bits & 0x7fffff;
            if (exponent <= 0) {
                return (short) sign;
            }
            int half = sign | (exponent << 10) | (mantissa >>> 13);
            int rest = mantissa & 0x1fff;
            if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
                half++;
            }
            return (short) half;
        }
    }
}
