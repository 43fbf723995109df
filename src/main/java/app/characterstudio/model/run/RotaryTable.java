package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding, Hugging Face Llama convention: the head dimension is split into halves and
 * {@code x * cos + rotate_half(x) * sin} with {@code rotate_half(x) = cat(-x2, x1)}; frequencies
 * {@code theta^(-2i/headDim)}, duplicated over both halves.
 */
final class RotaryTable implements AutoCloseable {
    private final NDArray cos; // [positions, headDim]
    private final NDArray sin; // [positions, headDim]
    private final int headDim;
    private final int positions;

    /** A table for positions {@code 0 .. positions-1}: sized by the context used, not the model's maximum. */
    RotaryTable(NDManager manager, int positions, int headDim, float theta, Precision precision) {
        this.headDim = headDim;
        this.positions = positions;
        int half = headDim / 2;
        int values;
        try {
            values = Math.multiplyExact(positions, headDim);
        } catch (ArithmeticException e) {
            throw new GenerationException(positions + " positions of " + headDim + " values each are more than one"
                    + " rotary table can hold: use a shorter context");
        }
        float[] cosValues = new float[values];
        float[] sinValues = new float[values];
        for (int i = 0; i < half; i++) {
            // as torch computes it: 1 / theta ** (arange(0, dim, 2).float() / dim), in fp32
            float invFreq = (float) (1.0 / Math.pow(theta, (float) (2 * i) / headDim));
            for (int pos = 0; pos < positions; pos++) {
                float angle = pos * invFreq;
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cosValues[pos * headDim + i] = c;
                cosValues[pos * headDim + i + half] = c;
                sinValues[pos * headDim + i] = s;
                sinValues[pos * headDim + i + half] = s;
            }
        }
        Shape shape = new Shape(positions, headDim);
        try (NDArray c = manager.create(cosValues, shape); NDArray s = manager.create(sinValues, shape)) {
            // copies PyTorch owns: the JVM buffers behind c and s go away with them
            this.cos = TensorLoader.owned(c, precision.dataType());
            this.sin = TensorLoader.owned(s, precision.dataType());
        }
    }

    int positions() {
        return positions;
    }

    /** The cos and sin rows of positions {@code start .. start+T-1}, each [1, T, 1, headDim]. */
    record Angles(NDArray cos, NDArray sin) {
    }

    /**
     * The angles of one forward pass, taken once for every layer (on a GPU each tensor operation costs the
     * host several microseconds, and a step issues thousands); arrays go to {@code step}.
     */
    Angles angles(NDManager step, int start, long t) {
        NDIndex rows = new NDIndex("{}:{}", start, start + t);
        return new Angles(cos.get(step, rows).reshape(1, t, 1, headDim), sin.get(step, rows).reshape(1, t, 1, headDim));
    }

    /** Rotates {@code x} [batch, T, heads, headDim] by {@code angles} of its T positions. */
    NDArray apply(NDArray x, Angles angles) {
        NDList halves = x.split(2, 3);                                   // 2 x [B, T, heads, headDim/2]
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3);  // [B, T, heads, headDim]
        return x.mul(angles.cos()).add(rotated.mul(angles.sin()));
    }

    @Override
    public void close() {
        cos.close();
        sin.close();
    }
}
