package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.IValue;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Matrix products on the CPU through FBGEMM, in one of two kinds.
 *
 * <p>{@link Kind#INT8}: each matrix is quantized once at load, symmetric per output row (scale = max |w| / 127), and
 * packed ({@code quantized::linear_prepack}); each product quantizes its input to uint8 on the fly over the whole
 * call (min/max) and multiplies in integers ({@code quantized::linear_dynamic}, PyTorch's dynamic quantization of
 * {@code nn.Linear}), with the AVX-512 VNNI dot products where the CPU has them. The weights read per decoded token
 * are half of bf16's, and a prompt's products run about three times bf16's speed on this development machine; the
 * price is accuracy, measured in the parity test and the bench. Without VNNI, FBGEMM multiplies uint8 by int8 with
 * 16-bit intermediate sums that can saturate, so the input range is halved ({@code reduce_range}) as PyTorch's own
 * quantization does on such CPUs.
 *
 * <p>{@link Kind#FP16}: each matrix is held in fp16, packed for FBGEMM's fp16 products
 * ({@code quantized::linear_prepack_fp16}, {@code linear_dynamic_fp16}), which widen the weights to fp32 in
 * registers: the inputs are not rounded at all, and fp16 keeps 11 significant bits of each weight where bf16 keeps
 * 8. For one row it read 30 GB/s of the 33.6 the machine streams (bf16 through oneDNN: 19).
 *
 * <p>A packed matrix is a TorchScript object, not a tensor, so Java holds it as an {@link IValue}; what
 * {@link #packMatrix} returns is a key [out] (fp32) under which the object is kept here: int8's scales, zeros for
 * fp16. int8 keeps the embedding table (read by rows only) and the lm_head in bf16: the head's products are the
 * logits themselves (in int8 they moved by up to 0.63 on the random 1.9B model, bf16: 0.09). fp16 keeps the table
 * in fp16 and packs the lm_head like the other matrices.
 */
final class FbgemmKernels implements MatrixKernels {
    /** What the matrices hold. */
    enum Kind { INT8, FP16 }

    private static final String PACKED = "__torch__.torch.classes.quantized.LinearPackedParamsBase";

    private static String methods(Kind kind) {
        String product = kind == Kind.INT8 ? "self.linear(x, p, reduce)" : "ops.quantized.linear_dynamic_fp16(x, p)";
        return Bf16Kernels.bf16Methods("linear16") + """
                  def scales(self: __torch__.Kernels,
                    w: Tensor) -> Tensor:
                    return torch.clamp_min(torch.div(torch.amax(torch.abs(torch.to(w, 6)), [1]), 127.0), 1.0e-12)
                  def pack(self: __torch__.Kernels,
                    w: Tensor,
                    s: Tensor) -> PACKED:
                    z = torch.zeros([torch.size(w, 0)], dtype=4)
                    q = torch.quantize_per_channel(torch.to(w, 6), s, z, 0, 12)
                    return ops.quantized.linear_prepack(q, None)
                  def table16(self: __torch__.Kernels,
                    w: Tensor) -> Tensor:
                    return torch.contiguous(torch.to(w, 5))
                  def pack16(self: __torch__.Kernels,
                    w: Tensor) -> PACKED:
                    return ops.quantized.linear_prepack_fp16(torch.to(w, 6), None)
                  def linear(self: __torch__.Kernels,
                    x: Tensor,
                    p: PACKED,
                    reduce: bool) -> Tensor:
                    rows = torch.size(x, 0)
                    h = x
                    if torch.eq(rows, 1):
                      h = torch.cat([x, x])
                    else:
                      pass
                    y = ops.quantized.linear_dynamic(h, p, reduce)
                    return torch.slice(y, 0, 0, rows)
                  def lin(self: __torch__.Kernels,
                    x: Tensor,
                    p: PACKED,
                    reduce: bool) -> Tensor:
                    return PRODUCT
                """.replace("PRODUCT", product).replace("PACKED", PACKED) + FusedLayer.methods(PACKED);
    }

    private record Packed(IValue params, long out, long in) { }

    private final Kind kind;
    private final TorchScriptModule module;
    private final boolean reduceRange;
    private final Map<NDArray, Packed> packed = Collections.synchronizedMap(new IdentityHashMap<>());

    private final FusedLayer fusedLayer;

    /** @param cpuFlags the CPU's feature flags: without a VNNI flag int8's input range is halved */
    FbgemmKernels(NDManager manager, Kind kind, Set<String> cpuFlags) {
        this.kind = kind;
        module = new TorchScriptModule(manager, methods(kind));
        reduceRange = !hasVnni(cpuFlags);
        fusedLayer = new FusedLayer(module, matrix -> packedOf(matrix).params(), reduceRange);
    }

    @Override
    public FusedLayer fusedLayer() {
        return fusedLayer;
    }

    private Packed packedOf(NDArray matrix) {
        Packed found = packed.get(matrix);
        if (found == null) {
            throw new IllegalArgumentException("not a matrix packed by these " + kind + " kernels");
        }
        return found;
    }

    static boolean hasVnni(Set<String> cpuFlags) {
        return cpuFlags.contains("avx512_vnni") || cpuFlags.contains("avx_vnni") || cpuFlags.contains("amx_int8");
    }

    boolean reducesRange() {
        return reduceRange;
    }

    @Override
    public NDArray packMatrix(NDArray weight) {
        long out = weight.getShape().get(0);
        NDArray key = kind == Kind.INT8 ? module.call("scales", weight.getManager(), weight)
                : weight.getManager().zeros(new ai.djl.ndarray.types.Shape(out));
        IValue w = IValue.from((PtNDArray) weight);
        IValue s = IValue.from((PtNDArray) key);
        try {
            IValue params = kind == Kind.INT8 ? module.callRaw("pack", w, s) : module.callRaw("pack16", w);
            packed.put(key, new Packed(params, out, weight.getShape().get(1)));
        } finally {
            TorchScriptModule.closeAll(w, s);
            weight.close();
        }
        return key;
    }

    @Override
    public NDArray packHead(NDArray head) {
        return kind == Kind.FP16 ? packMatrix(head) : packTable(head);
    }

    @Override
    public boolean headIsTable() {
        return kind == Kind.INT8;
    }

    @Override
    public NDArray packTable(NDArray table) {
        return module.convert(kind == Kind.INT8 ? "table" : "table16", table);
    }

    @Override
    public NDArray linear(NDArray input, NDArray weight, NDArray bias) {
        Packed matrix = packed.get(weight);
        if (matrix == null) { // a table: bf16
            return Bf16Kernels.product(module, "linear16", input, weight, bias);
        }
        IValue x = IValue.from((PtNDArray) input.reshape(-1, matrix.in()));
        IValue reduce = IValue.from(reduceRange);
        try (IValue result = module.callRaw("lin", x, matrix.params(), reduce)) {
            return MatrixKernels.shapedLike(result.toTensor((PtNDManager) input.getManager()), input, matrix.out(),
                    bias);
        } finally {
            TorchScriptModule.closeAll(x, reduce);
        }
    }

    @Override
    public NDArray embed(NDArray table, NDArray ids) {
        return module.call("embed", ids.getManager(), table, ids);
    }

    @Override
    public long bytes(NDArray array) {
        Packed matrix = packed.get(array);
        return matrix == null ? 2 * array.getShape().size()
                : (kind == Kind.INT8 ? 1 : 2) * matrix.out() * matrix.in() + 4 * matrix.out();
    }

    @Override
    public long parameters(NDArray array) {
        Packed matrix = packed.get(array);
        return matrix == null ? array.getShape().size() : matrix.out() * matrix.in();
    }

    @Override
    public void close() {
        fusedLayer.close(false);
        synchronized (packed) {
            packed.values().forEach(matrix -> matrix.params().close());
            packed.clear();
        }
        module.close();
    }
}
