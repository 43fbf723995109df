package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every layer, preallocated once as {@code [batch, kvHeads, capacity, headDim]} and
 * written in place at each step's positions, so decoding allocates nothing that outlives a step. When
 * candidates finish, the rows still decoding are moved to the front ({@link #keepRows}) and only those
 * are written and read from then on.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int batch;
    private final int capacity;
    private final long bytesPerPosition;
    private int liveRows;

    KvCache(NDManager parent, int layers, int batch, int kvHeads, int capacity, int headDim, Precision precision) {
        this.manager = parent.newSubManager();
        this.batch = batch;
        this.capacity = capacity;
        this.liveRows = batch;
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        this.bytesPerPosition = 2L * layers * kvHeads * headDim * precision.activationBytes();
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

    public int layers() {
        return keys.length;
    }

    /** Bytes of keys and values one row holds per position, over every layer. */
    public long bytesPerPosition() {
        return bytesPerPosition;
    }

    /** Rows still decoding: the first {@code liveRows()} of the batch. */
    public int liveRows() {
        return liveRows;
    }

    /**
     * Keeps only the rows {@code sources} (ascending), moving row {@code sources[j]} to row j for the first
     * {@code length} positions; later writes and reads cover just those rows.
     */
    void keepRows(int[] sources, int length) {
        for (int j = 0; j < sources.length; j++) {
            if (sources[j] < j || sources[j] >= liveRows || (j > 0 && sources[j] <= sources[j - 1])) {
                throw new IllegalArgumentException("rows to keep must ascend within the " + liveRows
                        + " live rows: " + java.util.Arrays.toString(sources));
            }
            if (sources[j] == j) {
                continue;
            }
            NDIndex from = new NDIndex("{}, :, :{}", sources[j], length);
            NDIndex to = new NDIndex("{}, :, :{}", j, length);
            for (int layer = 0; layer < keys.length; layer++) {
                try (NDArray k = keys[layer].get(from); NDArray v = values[layer].get(from)) {
                    keys[layer].set(to, k);
                    values[layer].set(to, v);
                }
            }
        }
        liveRows = sources.length;
    }

    /**
     * Stores k, v [live rows or 1, kvHeads, T, headDim] at positions {@code start..start+T-1} (a batch of 1
     * fills every live row).
     */
    void write(int layer, int start, NDArray k, NDArray v) {
        long t = k.getShape().get(2);
        checkRoom(start, t);
        NDIndex span = new NDIndex("0:{}, :, {}:{}", liveRows, start, start + t);
        keys[layer].set(span, k);
        values[layer].set(span, v);
    }

    /** Layer {@code layer}'s whole key array [batch, kvHeads, capacity, headDim], written in place by a fused layer. */
    NDArray keysOf(int layer) {
        return keys[layer];
    }

    NDArray valuesOf(int layer) {
        return values[layer];
    }

    /** Refuses positions past the capacity, as {@link #write} does. */
    void checkRoom(int start, long t) {
        if (start + t > capacity) {
            throw new IllegalStateException("KV cache full: " + (start + t) + " positions > capacity " + capacity);
        }
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
