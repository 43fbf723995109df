package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

/**
 * Packs each loaded layer's matrices ({@link MatrixKernels#packMatrix}) on other threads while the next layers load.
 * PyTorch runs int8 packing (the scales, {@code quantize_per_channel}, FBGEMM's {@code linear_prepack}) on one
 * thread, about 180 ms for a 5888 x 2048 matrix on the development machine, which made loading the 1.9B model
 * take 25 s. At most one layer per thread waits in its load precision, so memory stays near the packed size.
 */
final class LayerPacker implements AutoCloseable {
    private final UnaryOperator<NDArray> matrix;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final Deque<Future<LayerWeights>> inFlight = new ArrayDeque<>();
    private final List<LayerWeights> packed = new ArrayList<>();

    /** @param threads 0 packs on the caller's thread */
    LayerPacker(UnaryOperator<NDArray> matrix, int threads) {
        this.matrix = matrix;
        this.maxInFlight = threads;
        this.pool = threads == 0 ? null : Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "layer-packer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Takes a layer with its matrices in the load precision; they are packed (and the originals closed) in order. */
    void add(LayerWeights layer) {
        if (pool == null) {
            packed.add(layer.withMatrices(matrix));
            return;
        }
        while (inFlight.size() >= maxInFlight) {
            packed.add(take(inFlight.removeFirst()));
        }
        inFlight.add(pool.submit(() -> layer.withMatrices(matrix)));
    }

    /** Every layer added, packed, in the order added. */
    List<LayerWeights> finish() {
        while (!inFlight.isEmpty()) {
            packed.add(take(inFlight.removeFirst()));
        }
        return List.copyOf(packed);
    }

    private static LayerWeights take(Future<LayerWeights> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadCancelledException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Waits for packing still running (its arrays belong to a manager the caller may close next). */
    @Override
    public void close() {
        if (pool == null) {
            return;
        }
        pool.shutdown();
        for (Future<LayerWeights> future : inFlight) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException ignored) {
                // the first failure is already on its way up; this one only had to finish
            }
        }
    }
}
