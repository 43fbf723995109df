package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code x · Wᵀ} for the one or two rows of a decode step on the CPU, with W cut into row blocks that run
 * on separate threads. PyTorch hands such a product to one MKL matrix-vector call, which reads the weights
 * at about one core's bandwidth (measured on the 2-core development machine: 16 GB/s for a 46 MB matrix,
 * with one thread or two); one call per core on its own block of rows reads at 23-24 GB/s, and a 1.9B
 * decode step went from 520-610 to 370-420 ms. It needs OpenMP threads that wait passively
 * ({@link NativeMathEnvironment}): spinning ones take the cores and made the split slower than one call.
 * From four rows on, MKL's matrix product already keeps every core busy and the split measured slightly
 * slower, so wider inputs (more candidates, a prompt) go whole.
 */
final class RowBlockLinear implements AutoCloseable {
    /** Inputs with more rows than this (B x T) go to PyTorch in one call. */
    static final long MAX_ROWS = 2;
    /** Weights smaller than this gain nothing from the hand-off to other threads. */
    static final long MIN_WEIGHT_ELEMENTS = 1L << 20;

    private final int blocks;
    private final ExecutorService pool;
    private final Map<NDArray, NDArray[]> weightBlocks = new IdentityHashMap<>();
    private final Map<NDArray, NDArray[]> biasBlocks = new IdentityHashMap<>();

    RowBlockLinear(int blocks) {
        this.blocks = blocks;
        this.pool = blocks > 1 ? Executors.newFixedThreadPool(blocks - 1, runnable -> {
            Thread thread = new Thread(runnable, "row-block-linear");
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    NDArray apply(NDArray input, NDArray weight, NDArray bias) {
        long rows = input.getShape().size() / input.getShape().get(input.getShape().dimension() - 1);
        if (pool == null || rows > MAX_ROWS || weight.size() < MIN_WEIGHT_ELEMENTS) {
            return Linear.linear(input, weight, bias).singletonOrThrow();
        }
        NDArray[] w = blocksOf(weightBlocks, weight);
        NDArray[] b = bias == null ? null : blocksOf(biasBlocks, bias);
        List<Future<NDArray>> others = new ArrayList<>();
        for (int i = 1; i < blocks; i++) {
            int block = i;
            others.add(pool.submit(() -> Linear.linear(input, w[block], b == null ? null : b[block]).singletonOrThrow()));
        }
        NDList parts = new NDList(blocks);
        parts.add(Linear.linear(input, w[0], b == null ? null : b[0]).singletonOrThrow());
        try {
            for (Future<NDArray> other : others) {
                parts.add(other.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenerationException("interrupted during a matrix product");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new GenerationException(e.getCause().toString());
        }
        return NDArrays.concat(parts, input.getShape().dimension() - 1);
    }

    /** Views of {@code array}'s row blocks, made once per weight (they share its memory). */
    private synchronized NDArray[] blocksOf(Map<NDArray, NDArray[]> cache, NDArray array) {
        return cache.computeIfAbsent(array, whole -> {
            long rows = whole.getShape().get(0);
            NDArray[] views = new NDArray[blocks];
            for (int i = 0; i < blocks; i++) {
                views[i] = whole.get(new NDIndex("{}:{}", rows * i / blocks, rows * (i + 1) / blocks));
            }
            return views;
        });
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
