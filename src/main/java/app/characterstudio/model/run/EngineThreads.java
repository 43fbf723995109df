package app.characterstudio.model.run;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's CPU thread pool. For a tiny model every op is a few microseconds of work and the pool's
 * hand-offs dominate (measured: 40 ms per decode step with 2 threads on a busy 2-core machine, 5 ms with
 * one), so small models run single-threaded; real-size models use every core.
 */
public final class EngineThreads {
    /** Below this many bytes of weights, one thread is faster than several. */
    static final long SMALL_MODEL_BYTES = 64L << 20;

    private EngineThreads() {
    }

    /** Sets PyTorch's CPU threads (the {@code bench generate --threads} option). */
    public static void set(int threads) {
        Engine.getInstance(); // the native library must be loaded first
        JniUtils.setNumThreads(threads);
    }

    static void fitTo(long weightBytes, DeviceChoice device) {
        if (device.isGpu()) {
            return;
        }
        set(weightBytes < SMALL_MODEL_BYTES ? 1 : Runtime.getRuntime().availableProcessors());
    }
}
