package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import app.characterstudio.model.ModelLoadException;
import app.characterstudio.model.TensorInfo;
import app.characterstudio.model.TensorType;
import app.characterstudio.model.WeightSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Turns checkpoint tensors into NDArrays of the compute precision on the chosen device. A tensor already
 * in that precision on the CPU is wrapped without a copy (the mapped file backs it, so the source must
 * stay open); bf16 is widened in Java ({@code bits << 16}: DJL cannot hold bf16) through one reused
 * scratch buffer, then copied into memory PyTorch owns.
 */
final class TensorLoader implements AutoCloseable {
    private final WeightSource source;
    private final NDManager manager;
    private final Precision precision;
    private final boolean onCpu;
    private static final int WIDEN_BLOCK = 1 << 20;
    private ByteBuffer scratch;

    TensorLoader(WeightSource source, NDManager manager, Precision precision) {
        this.source = source;
        this.manager = manager;
        this.precision = precision;
        this.onCpu = !manager.getDevice().isGpu();
    }

    /** The tensor {@code name}, checked against {@code expectedShape}, in the compute precision. */
    NDArray load(String name, long... expectedShape) {
        TensorInfo info = info(name);
        if (!Arrays.equals(info.shape(), expectedShape)) {
            throw new ModelLoadException("tensor " + name + " has shape " + Arrays.toString(info.shape())
                    + " but config.json implies " + Arrays.toString(expectedShape));
        }
        ByteBuffer bytes = source.data(name);
        if (bytes.remaining() != info.byteCount()) {
            throw new ModelLoadException("tensor " + name + " holds " + bytes.remaining() + " bytes, expected "
                    + info.byteCount());
        }
        Shape shape = new Shape(expectedShape);
        DataType target = precision.dataType();
        if (info.type() == TensorType.BF16) {
            try (NDArray widened = manager.create(widenBf16(bytes, info.elementCount()), shape, DataType.FLOAT32)) {
                return owned(widened, target);
            }
        }
        DataType stored = info.type() == TensorType.F32 ? DataType.FLOAT32 : DataType.FLOAT16;
        ByteBuffer view = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (stored == target && onCpu) {
            return manager.create(view, shape, stored);
        }
        try (NDArray wrapped = manager.create(view, shape, stored)) {
            return owned(wrapped, target);
        }
    }

    /** A copy in memory PyTorch owns ({@code toType} to the same type may share the borrowed buffer). */
    static NDArray owned(NDArray borrowed, DataType target) {
        return borrowed.getDataType() == target ? borrowed.duplicate() : borrowed.toType(target, true);
    }

    boolean has(String name) {
        return source.names().contains(name);
    }

    TensorInfo info(String name) {
        if (!has(name)) {
            throw new ModelLoadException("the checkpoint has no tensor named " + name);
        }
        return source.info(name);
    }

    private ByteBuffer widenBf16(ByteBuffer bytes, long count) {
        int elements = Math.toIntExact(count);
        if (scratch == null || scratch.capacity() < elements * 4L) {
            scratch = ByteBuffer.allocateDirect(Math.multiplyExact(elements, 4)).order(ByteOrder.nativeOrder());
        }
        ShortBuffer in = bytes.slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        FloatBuffer out = scratch.clear().limit(elements * 4).slice().order(ByteOrder.nativeOrder()).asFloatBuffer();
        // absolute gets and puts on disjoint ranges: the cores share the widening of a large tensor
        int blocks = (elements + WIDEN_BLOCK - 1) / WIDEN_BLOCK;
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int end = Math.min(elements, (block + 1) * WIDEN_BLOCK);
            for (int i = block * WIDEN_BLOCK; i < end; i++) {
                out.put(i, Float.intBitsToFloat((in.get(i) & 0xffff) << 16));
            }
        });
        return scratch.slice(0, elements * 4).order(ByteOrder.nativeOrder());
    }

    @Override
    public void close() {
        scratch = null;
    }
}
