package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import app.characterstudio.model.ModelConfig;
import app.characterstudio.model.ModelLoadException;
import app.characterstudio.model.TensorInfo;
import app.characterstudio.model.WeightSource;
import java.util.List;
import java.util.function.UnaryOperator;

/** Every weight of an Index/Llama model as NDArrays in the compute precision, read from a {@link WeightSource}. */
record TransformerWeights(
        NDArray embed,          // [vocab, hidden]
        List<LayerWeights> layers,
        NDArray finalNorm,      // [hidden]
        NDArray lmHead) {       // [vocab, hidden], rows L2-normalised when config.normHead; null without one

    /**
     * @param kernels where the matrices are packed for reduced-precision products ({@link Precision#BF16},
     *                {@link Precision#INT8}), else null
     * @param withLmHead false for a reward model's decoder: its lm_head (if any) is not read at all
     */
    static TransformerWeights load(WeightSource source, ModelConfig config, NDManager manager, Precision precision,
                                   MatrixKernels kernels, LoadProgress progress, Cancellation cancel,
                                   boolean withLmHead) {
        UnaryOperator<NDArray> matrix = kernels == null ? UnaryOperator.identity() : kernels::packMatrix;
        UnaryOperator<NDArray> table = kernels == null ? UnaryOperator.identity() : kernels::packTable;
        long total = totalBytes(source);
        long[] done = {0};
        int hidden = config.hiddenSize();
        int headDim = config.headDim();
        int qOut = config.headCount() * headDim;
        int kvOut = config.kvHeadCount() * headDim;
        int inter = config.intermediateSize();
        int packers = kernels == null ? 0 : Math.min(4, Runtime.getRuntime().availableProcessors());
        try (TensorLoader loader = new TensorLoader(source, manager, precision);
             LayerPacker packer = new LayerPacker(matrix, packers)) {
            Step step = (name, shape) -> {
                if (cancel.isCancelled()) {
                    throw new LoadCancelledException();
                }
                NDArray array = loader.load(name, shape);
                done[0] += loader.info(name).byteCount();
                progress.update(done[0], total, name);
                return array;
            };
            NDArray embed = step.load("model.embed_tokens.weight", config.vocabSize(), hidden);
            for (int i = 0; i < config.layerCount(); i++) {
                String p = "model.layers." + i + ".";
                String a = p + "self_attn.";
                boolean bias = config.attentionBias();
                NDArray[] qkv = config.packedQkv() ? unpack(step.load(a + "W_pack.weight", qOut + 2L * kvOut, hidden),
                        qOut, kvOut) : new NDArray[] {step.load(a + "q_proj.weight", qOut, hidden),
                        step.load(a + "k_proj.weight", kvOut, hidden), step.load(a + "v_proj.weight", kvOut, hidden)};
                LayerWeights layer = new LayerWeights(
                        step.load(p + "input_layernorm.weight", hidden),
                        qkv[0],
                        qkv[1],
                        qkv[2],
                        step.load(a + "o_proj.weight", hidden, qOut),
                        bias ? step.load(a + "q_proj.bias", qOut) : null,
                        bias ? step.load(a + "k_proj.bias", kvOut) : null,
                        bias ? step.load(a + "v_proj.bias", kvOut) : null,
                        bias && loader.has(a + "o_proj.bias") ? step.load(a + "o_proj.bias", hidden) : null,
                        step.load(p + "post_attention_layernorm.weight", hidden),
                        step.load(p + "mlp.gate_proj.weight", inter, hidden),
                        step.load(p + "mlp.up_proj.weight", inter, hidden),
                        step.load(p + "mlp.down_proj.weight", hidden, inter));
                packer.add(fuseQkv(manager) ? layer.fused() : layer);
            }
            NDArray finalNorm = step.load("model.norm.weight", hidden);
            List<LayerWeights> layers = packer.finish();
            NDArray head;
            if (!withLmHead) {
                return new TransformerWeights(table.apply(embed), List.copyOf(layers), finalNorm, null);
            } else if (config.sequenceClassification()) {
                throw new ModelLoadException("config.json names " + config.architecture() + ": a reward model, "
                        + "which scores replies (score --model) but has no lm_head to generate with");
            } else if (loader.has("lm_head.weight")) {
                head = step.load("lm_head.weight", config.vocabSize(), hidden);
            } else if (config.tieWordEmbeddings()) {
                head = embed;
            } else {
                throw new ModelLoadException("the checkpoint has no tensor named lm_head.weight "
                        + "and config.json does not tie it to the embeddings");
            }
            if (config.normHead()) {
                NDArray raw = head;
                head = normaliseRows(raw, precision);
                if (raw != embed) {
                    raw.close();
                }
            }
            if (head == embed && kernels != null && !kernels.headIsTable()) {
                head = embed.duplicate(); // a tied lm_head packed as a matrix beside the table
            }
            NDArray packedEmbed = table.apply(embed);
            return new TransformerWeights(packedEmbed, List.copyOf(layers), finalNorm,
                    head == embed ? packedEmbed : kernels == null ? head : kernels.packHead(head));
        }
    }

    /** The matrices, each once (a tied lm_head is the embedding): what {@link MatrixKernels} pack. */
    java.util.stream.Stream<NDArray> matrices() {
        java.util.stream.Stream<NDArray> layerMatrices = layers.stream().flatMap(layer -> java.util.stream.Stream.of(
                layer.q(), layer.k(), layer.v(), layer.o(), layer.gate(), layer.up(), layer.down(), layer.qkv()));
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(embed),
                java.util.stream.Stream.concat(layerMatrices, lmHead == embed ? java.util.stream.Stream.empty()
                        : java.util.stream.Stream.of(lmHead))).filter(java.util.Objects::nonNull);
    }

    /** The norms and biases, which stay in the activation type. */
    java.util.stream.Stream<NDArray> vectors() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(finalNorm), layers.stream().flatMap(layer ->
                java.util.stream.Stream.of(layer.inputNorm(), layer.postNorm(), layer.qBias(), layer.kBias(),
                        layer.vBias(), layer.oBias(), layer.qkvBias()))).filter(java.util.Objects::nonNull);
    }

    /** Baichuan's W_pack [q + 2 kv, hidden] split into q, k and v (copies; the packed matrix is freed). */
    private static NDArray[] unpack(NDArray packed, int qOut, int kvOut) {
        try (packed) {
            return new NDArray[] {rows(packed, "0:" + qOut), rows(packed, qOut + ":" + (qOut + kvOut)),
                rows(packed, (qOut + kvOut) + ":")};
        }
    }

    private static NDArray rows(NDArray packed, String range) {
        try (NDArray view = packed.get(range)) {
            return view.duplicate();
        }
    }

    /** q, k and v fused on a GPU; {@code -Dcharacterstudio.fuseQkv=true|false} decides anywhere (tests, benchmarks). */
    static boolean fuseQkv(NDManager manager) {
        String forced = System.getProperty("characterstudio.fuseQkv");
        return forced != null ? Boolean.parseBoolean(forced) : manager.getDevice().isGpu();
    }

    /** {@code w / ||w||} per row, computed in fp32 once at load (the norm head of Index models). */
    private static NDArray normaliseRows(NDArray head, Precision precision) {
        try (NDArray wide = head.toType(DataType.FLOAT32, true);
             NDArray norms = wide.norm(new int[] {1}, true)) {
            try (NDArray unit = wide.div(norms)) {
                return unit.toType(precision.dataType(), true);
            }
        }
    }

    static long totalBytes(WeightSource source) {
        long total = 0;
        for (String name : source.names()) {
            TensorInfo info = source.info(name);
            total += info.byteCount();
        }
        return total;
    }

    @FunctionalInterface
    private interface Step {
        NDArray load(String name, long... shape);
    }
}
