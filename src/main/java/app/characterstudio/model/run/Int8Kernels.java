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
 * int8 matrix products on the CPU: each matrix is quantized once at load, symmetric per output row (scale =
 * max |w| / 127), and packed by FBGEMM ({@code quantized::linear_prepack}); each product quantizes its input
 * to uint8 on the fly over the whole call (min/max) and multiplies in integers ({@code quantized::linear_dynamic},
 * PyTorch's dynamic quantization of {@code nn.Linear}), with the AVX-512 VNNI dot products where the CPU has
 * them. The weights read per decoded token are half of bf16's, and a prompt's products run about three times
 * bf16's speed on this development machine; the price is accuracy, measured in the parity test and the bench.
 *
 * <p>A packed matrix is a TorchScript object, not a tensor, so Java holds it as an {@link IValue}; what
 * {@link #packMatrix} returns is its scales [out] (fp32), the key under which the object is kept here. The
 * embedding table and the lm_head stay bf16 ({@link #packTable}): the table is only read by rows, and the head's
 * products are the logits themselves; in int8 they moved by up to 0.63 on the random 1.9B model (bf16: 0.09), for
 * a saving of 4% of a decode step's reads.
 *
 * <p>Without VNNI, FBGEMM multiplies uint8 by int8 with 16-bit intermediate sums that can saturate, so the
 * input range is halved ({@code reduce_range}) as PyTorch's own quantization does on such CPUs.
 */
final class Int8Kernels implements MatrixKernels {
    private static final String PACKED = "__torch__.torch.classes.quantized.LinearPackedParamsBase";
    private static final String METHODS = Bf16Kernels.bf16Methods("linear16") + """
              def scales(self: __torch__.Kernels,
                w: Tensor) -> Tensor:
                return torch.clamp_min(torch.div(torch.amax(torch.abs(torch.to(w, 6)), [1]), 127.0), 1.0e-12)
              def pack(self: __torch__.Kernels,
                w: Tensor,
                s: Tensor) -> PACKED:
                z = torch.zeros([torch.size(w, 0)], dtype=4)
                q = torch.quantize_per_channel(torch.to(w, 6), s, z, 0, 12)
                return ops.quantized.linear_prepack(q, None)
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
                return self.linear(x, p, reduce)
            """.replace("PACKED", PACKED) + FusedLayer.methods(PACKED);

    private record Packed(IValue params, long out, long in) { }

    private final TorchScriptModule module;
    private final boolean reduceRange;
    private final Map<NDArray, Packed> packed = Collections.synchronizedMap(new IdentityHashMap<>());

    private final FusedLayer fusedLayer;

    /** @param cpuFlags the CPU's feature flags: without a VNNI flag the input range is halved */
    Int8Kernels(NDManager manager, Set<String> cpuFlags) {
        module = new TorchScriptModule(manager, METHODS);
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
            throw new IllegalArgumentException("not a matrix packed by these int8 kernels");
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
        NDArray scales = module.call("scales", weight.getManager(), weight);
        IValue w = IValue.from((PtNDArray) weight);
        IValue s = IValue.from((PtNDArray) scales);
        try {
            IValue params = module.callRaw("pack", w, s);
            packed.put(scales, new Packed(params, weight.getShape().get(0), weight.getShape().get(1)));
        } finally {
            TorchScriptModule.closeAll(w, s);
            weight.close();
        }
        return scales;
    }

    @Override
    public NDArray packTable(NDArray table) {
        return Bf16Kernels.packTable(module, table);
    }

    @Override
    public NDArray linear(NDArray input, NDArray weight, NDArray bias) {
        Packed matrix = packed.get(weight);
        if (matrix == null) { // a table: bf16
            return Bf16Kernels.product(module, "linear16", input, weight, bias);
        }
        IValue x = IValue.from((PtNDArray) input.reshape(-1, matrix.in()));
        IValue reduce = IValue.from(reduceRange);
        try (IValue result = module.callRaw("linear", x, matrix.params(), reduce)) {
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
        return matrix == null ? 2 * array.getShape().size() : matrix.out() * matrix.in() + 4 * matrix.out();
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
