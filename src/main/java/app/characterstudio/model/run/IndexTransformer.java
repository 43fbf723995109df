package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import app.characterstudio.model.ModelConfig;
import app.characterstudio.model.ModelLoadException;
import app.characterstudio.model.WeightSource;

/**
 * The Index-1.9B (Llama family, norm head) decoder written with DJL NDArray ops on PyTorch.
 * Shapes: B batch rows, T new positions, H heads, KV key/value heads, G = H / KV, D head dim, L positions
 * attended (cache length). Each call runs in a caller's step manager; only the KV cache outlives it.
 */
public final class IndexTransformer implements AutoCloseable {
    private final ModelConfig config;
    private final NDManager manager;
    private final TransformerWeights weights;
    /** Positions the first rotary table covers; it grows to what a cache needs, never to max_position_embeddings up front. */
    static final int FIRST_ROTARY_POSITIONS = 2048;

    private volatile RotaryTable rotary;
    /** Tables outgrown while a forward pass might still read them: closed with the model. */
    private final java.util.List<RotaryTable> outgrown = new java.util.ArrayList<>();
    private final Precision precision;
    private final DeviceChoice device;
    private final long weightBytes;
    private final RowBlockLinear rowBlocks;
    /** The products of {@link Precision#BF16} and {@link Precision#INT8}, else null. */
    private final MatrixKernels kernels;
    /** Attention through PyTorch's fused kernel on the CPU with fp32 activations, else null. */
    private final CpuAttention cpuAttention;
    /**
     * Each layer as one TorchScript call, or null: by default with the kernels and fused attention (bf16, int8 on
     * the CPU); {@code -Dcharacterstudio.fusedLayers=true|false} decides anywhere ({@link PlainLayers} for fp32, fp16).
     */
    private final FusedLayer fusedLayer;
    private final PlainLayers plainLayers;
    /** Whether every layer attends through PyTorch's fused kernel, which needs no mask for a fresh prompt. */
    private final boolean attentionIsFused;

    private IndexTransformer(ModelConfig config, NDManager manager, TransformerWeights weights, RotaryTable rotary,
                             Precision precision, DeviceChoice device, long weightBytes, MatrixKernels kernels) {
        this.kernels = kernels;
        this.cpuAttention = !device.isGpu() && precision.dataType() == DataType.FLOAT32
                && Boolean.parseBoolean(System.getProperty("characterstudio.fusedAttention", "true"))
                ? new CpuAttention(manager) : null;
        String fuse = System.getProperty("characterstudio.fusedLayers");
        boolean fused = fuse == null ? kernels != null && cpuAttention != null : Boolean.parseBoolean(fuse);
        this.plainLayers = fused && kernels == null ? new PlainLayers(manager) : null;
        this.fusedLayer = !fused ? null : kernels != null ? kernels.fusedLayer() : plainLayers.fusedLayer();
        this.attentionIsFused = cpuAttention != null
                || fusedLayer != null && weights.layers().stream().allMatch(FusedLayer::covers);
        this.config = config;
        this.manager = manager;
        this.weights = weights;
        this.rotary = rotary;
        this.precision = precision;
        this.device = device;
        this.weightBytes = weightBytes;
        // with spinning OpenMP threads the split is slower than one call; -Dcharacterstudio.rowBlocks=false
        // turns it off, to measure it side by side
        boolean split = !device.isGpu() && NativeMathEnvironment.passiveWaiting()
                && Boolean.parseBoolean(System.getProperty("characterstudio.rowBlocks", "true"));
        this.rowBlocks = new RowBlockLinear(split ? Runtime.getRuntime().availableProcessors() : 1);
    }

    /** Reads every weight of {@code source}; the source must stay open while the transformer is used. */
    public static IndexTransformer load(WeightSource source, ModelConfig config, DeviceChoice device,
                                        Precision precision, LoadProgress progress, Cancellation cancel) {
        return load(source, config, device, precision, progress, cancel, true);
    }

    /**
     * The decoder without its lm_head (a reward model: {@link #finalHidden} only, {@link #forward} refuses); an
     * {@code lm_head.weight} in the checkpoint is not read.
     */
    public static IndexTransformer loadDecoder(WeightSource source, ModelConfig config, DeviceChoice device,
                                               Precision precision, LoadProgress progress, Cancellation cancel) {
        return load(source, config, device, precision, progress, cancel, false);
    }

    private static IndexTransformer load(WeightSource source, ModelConfig config, DeviceChoice device,
                                         Precision precision, LoadProgress progress, Cancellation cancel,
                                         boolean withLmHead) {
        if (config.hiddenSize() % config.headCount() != 0 || config.headCount() % config.kvHeadCount() != 0
                || config.headDim() % 2 != 0) {
            throw new ModelLoadException("config.json is inconsistent: hidden " + config.hiddenSize() + ", heads "
                    + config.headCount() + ", key/value heads " + config.kvHeadCount());
        }
        if (precision.cpuOnly() && device.isGpu()) {
            throw new ModelLoadException(precision.label() + " compute is for the CPU; on a GPU use fp16 or fp32");
        }
        NDManager manager = NDManager.newBaseManager(device.device());
        try {
            MatrixKernels kernels = switch (precision) {
                case BF16 -> new Bf16Kernels(manager);
                case INT8 -> new FbgemmKernels(manager, FbgemmKernels.Kind.INT8, PrecisionChoice.cpuFlags());
                case FP16_WEIGHTS -> new FbgemmKernels(manager, FbgemmKernels.Kind.FP16, PrecisionChoice.cpuFlags());
                default -> null;
            };
            TransformerWeights weights = TransformerWeights.load(source, config, manager, precision, kernels,
                    progress, cancel, withLmHead);
            RotaryTable rotary = new RotaryTable(manager, Math.min(config.maxPositions(), FIRST_ROTARY_POSITIONS),
                    config.headDim(), config.ropeTheta(), precision);
            long bytes = weights.matrices().mapToLong(m -> matrixBytes(m, kernels, precision)).sum()
                    + weights.vectors().mapToLong(v -> v.size() * precision.activationBytes()).sum();
            EngineThreads.fitTo(bytes, device);
            return new IndexTransformer(config, manager, weights, rotary, precision, device, bytes, kernels);
        } catch (RuntimeException | OutOfMemoryError e) {
            manager.close();
            throw NativeFailures.whileLoading(e);
        }
    }

    public ModelConfig config() {
        return config;
    }

    public Precision precision() {
        return precision;
    }

    public DeviceChoice device() {
        return device;
    }

    /** Bytes of weights held in the compute precision (read once per decoded token). */
    public long weightBytes() {
        return weightBytes;
    }

    /** Bytes of KV cache per position and batch row. */
    public long cacheBytesPerPosition() {
        return 2L * config.layerCount() * config.kvHeadCount() * config.headDim() * precision.activationBytes();
    }

    PromptCache newPromptCache(long capacityBytes) {
        return new PromptCache(manager, capacityBytes);
    }

    public KvCache newCache(int batch, int capacity) {
        if (capacity > config.maxPositions()) {
            throw new GenerationException("the prompt plus the reply need " + capacity + " positions, more than the "
                    + config.maxPositions() + " this model supports");
        }
        coverPositions(capacity);
        return new KvCache(manager, config.layerCount(), batch, config.kvHeadCount(), capacity, config.headDim(),
                precision);
    }

    /** Grows the rotary table to at least {@code positions} (doubling, up to max_position_embeddings). */
    private synchronized void coverPositions(int positions) {
        if (positions <= rotary.positions()) {
            return;
        }
        int grown = (int) Math.min(config.maxPositions(), Math.max(positions, 2L * rotary.positions()));
        RotaryTable bigger = new RotaryTable(manager, grown, config.headDim(), config.ropeTheta(), precision);
        outgrown.add(rotary);
        rotary = bigger;
    }

    /** Positions the rotary table covers now: for tests. */
    int rotaryPositions() {
        return rotary.positions();
    }

    /**
     * Runs {@code tokens} [B, T] (int64) at positions {@code start..start+T-1}, writing the cache; returns fp32
     * logits [B, T, vocab] for every position, or [B, vocab] for the last one only. Arrays belong to {@code step}.
     */
    public NDArray forward(NDManager step, NDArray tokens, KvCache cache, int start, boolean allPositions) {
        if (weights.lmHead() == null) {
            throw new IllegalStateException("this decoder was loaded without its lm_head (a reward model)");
        }
        long b = tokens.getShape().get(0);
        int t = Math.toIntExact(tokens.getShape().get(1));
        NDArray x = decoderLayers(step, tokens, cache, start);                          // [B, T, hidden]
        if (!allPositions) {
            x = x.get(new NDIndex(":, {}:", t - 1));                                      // [B, 1, hidden]
        }
        NDArray logits = linear(rmsNorm(x, weights.finalNorm()), weights.lmHead(), null); // [B, T|1, vocab]
        logits = logits.toType(DataType.FLOAT32, false);
        return allPositions ? logits : logits.reshape(b, config.vocabSize());
    }

    /**
     * Runs {@code tokens} [B, T] like {@link #forward} and returns the hidden states after the final norm, fp32
     * [B, T, hidden], for every position (a reward model's head reads the last real token of each row).
     */
    public NDArray finalHidden(NDManager step, NDArray tokens, KvCache cache, int start) {
        NDArray x = decoderLayers(step, tokens, cache, start);
        return rmsNorm(x, weights.finalNorm()).toType(DataType.FLOAT32, false);
    }

    /** Embedding and every decoder layer: the residual stream [B, T, hidden] before the final norm. */
    private NDArray decoderLayers(NDManager step, NDArray tokens, KvCache cache, int start) {
        long b = tokens.getShape().get(0);
        int t = Math.toIntExact(tokens.getShape().get(1));
        if (b != 1 && b != cache.liveRows()) {
            throw new IllegalArgumentException(b + " token rows for a cache of " + cache.liveRows() + " live rows");
        }
        // the fused kernel's own causal rule covers a fresh prompt with one query row per key/value head
        boolean causal = t > 1 && attentionIsFused && start == 0 && config.headCount() == config.kvHeadCount();
        NDArray mask = t > 1 && !causal ? causalMask(step, t, start) : null;             // [G*T, L] or none
        RotaryTable.Angles angles = rotary.angles(step, start, t);                      // [1, T, 1, D] each
        NDArray x = kernels != null ? kernels.embed(weights.embed(), tokens)
                : weights.embed().get(step, new NDIndex("{}", tokens));                       // [B, T, hidden]
        for (int i = 0; i < weights.layers().size(); i++) {
            // each layer's temporaries are freed as soon as it is done (a long prompt would pile them up)
            try (NDManager scope = step.newSubManager()) {
                x.tempAttach(scope);
                NDArray out = layer(scope, i, x, mask, angles, cache, start, b, t);
                out.attach(step);
                x = out;
            }
        }
        return x;
    }

    /** One decoder layer on x [B, T, hidden]; returns the new residual stream [B, T, hidden]. */
    private NDArray layer(NDManager scope, int index, NDArray x, NDArray mask, RotaryTable.Angles angles,
                          KvCache cache, int start, long b, int t) {
        LayerWeights layer = weights.layers().get(index);
        if (fusedLayer != null && FusedLayer.covers(layer)) {
            cache.checkRoom(start, t);
            long mode = t == 1 ? FusedLayer.WHOLE : mask == null ? FusedLayer.CAUSAL : FusedLayer.MASKED;
            return fusedLayer.run(layer, x, angles, cache.keysOf(index), cache.valuesOf(index), mask,
                    start, cache.liveRows(), config.headCount(), config.kvHeadCount(), config.rmsNormEps(), mode);
        }
        int d = config.headDim();
        NDArray h = rmsNorm(x, layer.inputNorm());                                            // [B, T, hidden]
        int heads = config.headCount();
        int kvHeads = config.kvHeadCount();
        NDArray q;
        NDArray k;
        NDArray v;
        if (layer.qkv() != null) {
            // one product for q, k and v, and one rotation for q and k together
            NDList qkAndV = linear(h, layer.qkv(), layer.qkvBias()).reshape(b, t, heads + 2L * kvHeads, d)
                    .split(new long[] {heads + kvHeads}, 2);                                  // [B,T,H+KV,D], [B,T,KV,D]
            NDList qk = rotary.apply(qkAndV.get(0), angles).split(new long[] {heads}, 2);
            q = qk.get(0);                                                                    // [B, T, H, D]
            k = qk.get(1).transpose(0, 2, 1, 3);                                              // [B, KV, T, D]
            v = qkAndV.get(1).transpose(0, 2, 1, 3);
        } else {
            q = rotary.apply(linear(h, layer.q(), layer.qBias()).reshape(b, t, heads, d), angles);  // [B, T, H, D]
            k = rotary.apply(linear(h, layer.k(), layer.kBias()).reshape(b, t, kvHeads, d), angles)
                    .transpose(0, 2, 1, 3);                                                   // [B, KV, T, D]
            v = linear(h, layer.v(), layer.vBias()).reshape(b, t, kvHeads, d).transpose(0, 2, 1, 3);
        }
        cache.write(index, start, k, v);
        // at position 0 the new keys are all there is: no need to read back the (possibly N-row) cache
        NDArray keys = start == 0 ? k : cache.keys(scope, index, start + t, b);                 // [B, KV, L, D]
        NDArray values = start == 0 ? v : cache.values(scope, index, start + t, b);
        NDArray attended = attention(q, keys, values, mask, b, t);                             // [B, T, H*D]
        x = x.add(linear(attended, layer.o(), layer.oBias()));
        h = rmsNorm(x, layer.postNorm());
        NDArray gate = Activation.swish(linear(h, layer.gate(), null), 1f);                    // silu, [B, T, I]
        return x.add(linear(gate.mul(linear(h, layer.up(), null)), layer.down(), null));
    }

    /** Grouped-query attention: query head h uses key/value head h / G. */
    private NDArray attention(NDArray q, NDArray keys, NDArray values, NDArray mask, long b, int t) {
        int heads = config.headCount();
        int kvHeads = config.kvHeadCount();
        int d = config.headDim();
        int groups = heads / kvHeads;
        NDArray grouped = q.transpose(0, 2, 1, 3).reshape(b, kvHeads, (long) groups * t, d); // [B, KV, G*T, D]
        NDArray attended = cpuAttention != null
                ? cpuAttention.attend(grouped, keys, values, mask, t > 1 && mask == null)
                : scoresTimesValues(grouped, keys, values, mask);                           // [B, KV, G*T, D]
        return attended.reshape(b, heads, t, d)
                .transpose(0, 2, 1, 3)                                                      // [B, T, H, D]
                .reshape(b, t, (long) heads * d);
    }

    /** softmax(q · kᵀ / sqrt(D) + mask) · v, op by op: [B, KV, G*T, D]. */
    private NDArray scoresTimesValues(NDArray grouped, NDArray keys, NDArray values, NDArray mask) {
        NDArray scores = grouped.matMul(keys.transpose(0, 1, 3, 2))
                .div((float) Math.sqrt(config.headDim()));                                  // [B, KV, G*T, L]
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray probs = precision == Precision.FP16
                ? scores.toType(DataType.FLOAT32, false).softmax(3).toType(DataType.FLOAT16, false)
                : scores.softmax(3);
        return probs.matMul(values);
    }

    /** 0 where query row g*T + t may see position j (j <= start + t), -inf elsewhere: [G*T, start+T]. */
    private NDArray causalMask(NDManager step, int t, int start) {
        int groups = config.headCount() / config.kvHeadCount();
        int length = start + t;
        float[] mask = new float[groups * t * length];
        for (int g = 0; g < groups; g++) {
            for (int row = 0; row < t; row++) {
                int offset = (g * t + row) * length;
                for (int j = start + row + 1; j < length; j++) {
                    mask[offset + j] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        NDArray m = step.create(mask, new Shape((long) groups * t, length));
        return precision.dataType() == DataType.FLOAT32 ? m : m.toType(precision.dataType(), false);
    }

    /** RMSNorm over the last axis, in fp32 as Hugging Face does: {@code x * (mean(x²) + eps)^-0.5 * w}. */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        boolean fp32 = precision.dataType() == DataType.FLOAT32;
        NDArray wide = fp32 ? x : x.toType(DataType.FLOAT32, false);
        NDArray inverse = wide.square().mean(new int[] {2}, true).add(config.rmsNormEps()).pow(-0.5f); // [B, T, 1]
        NDArray normed = wide.mul(inverse);
        if (!fp32) {
            normed = normed.toType(precision.dataType(), false);
        }
        return normed.mul(weight);
    }

    private NDArray linear(NDArray input, NDArray weight, NDArray bias) {
        return kernels != null ? kernels.linear(input, weight, bias) : rowBlocks.apply(input, weight, bias);
    }

    public long parameterCount() {
        return weights.matrices().mapToLong(m -> kernels != null ? kernels.parameters(m) : m.size()).sum()
                + weights.vectors().mapToLong(NDArray::size).sum();
    }

    /** Bytes read per decoded token: every weight but the embedding table, of which one row is read. */
    public long bytesReadPerToken() {
        return weights.lmHead() == weights.embed() ? weightBytes
                : weightBytes - matrixBytes(weights.embed(), kernels, precision);
    }

    /** Bytes a matrix holds: as packed by {@code kernels}, else in {@code precision}. */
    private static long matrixBytes(NDArray matrix, MatrixKernels kernels, Precision precision) {
        return kernels != null ? kernels.bytes(matrix) : matrix.size() * precision.bytes();
    }

    /** A manager for one step's temporaries on the model's device. */
    public NDManager newStepManager() {
        return manager.newSubManager();
    }

    /** Arrays currently alive under the model's manager tree (weights, cache, unclosed steps): for leak checks. */
    public int liveArrayCount() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        rowBlocks.close();
        if (kernels != null) {
            kernels.close();
        }
        if (plainLayers != null) {
            plainLayers.close();
        }
        if (cpuAttention != null) {
            cpuAttention.close();
        }
        rotary.close();
        outgrown.forEach(RotaryTable::close);
        manager.close();
    }
}
