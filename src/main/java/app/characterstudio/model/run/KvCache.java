package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every layer, preallocated once as {@code [batch, kvHeads, capacity, headDim]} and
 * written in place at each step's positions, so decoding allocates nothing that outlives a step.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int batch;
    private final int capacity;

    KvCache(NDManager parent, int layers, int batch, int kvHeads, int capacity, int headDim, Precision precision) {
        this.manager = parent.newSubManager();
        this.batch = batch;
        this.capacity = capacity;
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        Shape shape = new Shape(batch, kvHeads, capacity, headDim);
        for (int i = 0; i < layers; i++) {
            keys[i] = manager.zeros(shape, precision.dataType());
            values[i] = manager.zeros(shape, precision.dataType());
        }
    }

    public int batch() {
        return batch;
    }

    public int capacity() {
        return capacity;
    }

    /** Stores k, v [B or 1, kvHeads, T, headDim] at positions {@code start..start+T-1} (a batch of 1 fills every row). */
    void write(int layer, int start, NDArray k, NDArray v) {
        long t = k.getShape().get(2);
        if (start + t > capacity) {
            throw new IllegalStateException("KV cache full: " + (start + t) + " positions > capacity " + capacity);
        }
        NDIndex span = new NDIndex(":, :, {}:{}", start, start + t);
        keys[layer].set(span, k);
        values[layer].set(span, v);
    }

    /** Views [rows, kvHeads, length, headDim] of the first rows and positions, owned by {@code step}. */
    NDArray keys(NDManager step, int layer, int length, long rows) {
        return keys[layer].get(step, new NDIndex("0:{}, :, :{}", rows, length));
    }

    NDArray values(NDManager step, int layer, int length, long rows) {
        return values[layer].get(step, new NDIndex("0:{}, :, :{}", rows, length));
    }

    @Override
    public void close() {
        manager.close();
    }
}
