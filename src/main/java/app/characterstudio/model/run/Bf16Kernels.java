package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.IValue;

/**
 * bf16 matrix products on the CPU. DJL 0.33's PyTorch JNI cannot create or cast to bf16 (its dtype table stops
 * at code 8 and aborts the JVM past it), but a TorchScript method runs with every dtype PyTorch has. So the
 * weights are cast to bf16 inside the module and come back as opaque arrays: any DJL operation on them that
 * needs their dtype would fail.
 *
 * <p>A product of one row goes to PyTorch as two identical rows: for one row PyTorch's CPU linear takes a
 * plain bf16 matrix-vector path, from two rows on oneDNN's {@code brg_matmul:avx512_core_bf16} (seen with
 * {@code ONEDNN_VERBOSE=1}), which uses the bf16 dot-product instructions. Where oneDNN has bf16 kernels, the
 * matrices are reordered once at load into its blocked layout ({@code mkldnn::_reorder_linear_weight}, as
 * PyTorch's own compiler does when it freezes a model) and multiplied by {@code mkldnn::_linear_pointwise}: the plain
 * layout made every product repack the weights first. The embedding table (read by rows) and the lm_head stay plain.
 */
final class Bf16Kernels implements MatrixKernels {
    private static final String METHODS = bf16Methods("linear") + """
              def blocked(self: __torch__.Kernels,
                w: Tensor) -> Tensor:
                return ops.mkldnn._reorder_linear_weight(torch.contiguous(torch.to(w, 15)), 1)
              def blockable(self: __torch__.Kernels) -> bool:
                return ops.mkldnn._is_mkldnn_bf16_supported()
              def lin(self: __torch__.Kernels,
                x: Tensor,
                w: Tensor,
                reduce: bool) -> Tensor:
                return self.linear(x, w)
            """ + FusedLayer.methods("Tensor");

    /**
     * The TorchScript methods both kernels use for bf16 arrays: {@code table(w)} (a plain bf16 copy), {@code embed}
     * and the product {@code name(x [rows, in] fp32, w [out, in] bf16) -> [rows, out] fp32}, w plain or in oneDNN's
     * blocked layout ({@link #packMatrix}).
     */
    static String bf16Methods(String name) {
        return """
                  def table(self: __torch__.Kernels,
                    w: Tensor) -> Tensor:
                    return torch.contiguous(torch.to(w, 15))
                  def embed(self: __torch__.Kernels,
                    w: Tensor,
                    ids: Tensor) -> Tensor:
                    return torch.to(torch.embedding(w, ids), 6)
                  def NAME(self: __torch__.Kernels,
                    x: Tensor,
                    w: Tensor) -> Tensor:
                    rows = torch.size(x, 0)
                    h = torch.to(x, 15)
                    if w.is_mkldnn:
                      y = ops.mkldnn._linear_pointwise(h, w, None, "none", annotate(List[Optional[number]], []), None)
                    else:
                      if torch.eq(rows, 1):
                        h = torch.cat([h, h])
                      else:
                        pass
                      y = torch.slice(torch.linear(h, w), 0, 0, rows)
                    return torch.to(y, 6)
                """.replace("NAME", name);
    }

    /** {@code input · weightᵀ + bias} through {@code module}'s bf16 product {@code method}. */
    static NDArray product(TorchScriptModule module, String method, NDArray input, NDArray weight, NDArray bias) {
        long in = input.getShape().get(input.getShape().dimension() - 1);
        long out = weight.getShape().get(0);
        return MatrixKernels.shapedLike(module.call(method, input.getManager(), input.reshape(-1, in), weight),
                input, out, bias);
    }

    private final TorchScriptModule module;
    private final FusedLayer fusedLayer;
    /** Whether matrices go to oneDNN's blocked layout (where its bf16 kernels run: avx512_bf16, AMX...). */
    private final boolean blocked;

    Bf16Kernels(NDManager manager) {
        module = new TorchScriptModule(manager, METHODS);
        try (IValue supported = module.callRaw("blockable")) {
            blocked = supported.toBoolean()
                    && Boolean.parseBoolean(System.getProperty("characterstudio.bf16Blocked", "true"));
        }
        fusedLayer = new FusedLayer(module, matrix -> IValue.from((PtNDArray) matrix), false);
    }

    @Override
    public FusedLayer fusedLayer() {
        return fusedLayer;
    }

    @Override
    public NDArray packMatrix(NDArray weight) {
        return module.convert(blocked ? "blocked" : "table", weight);
    }

    @Override
    public NDArray packTable(NDArray table) {
        return module.convert("table", table);
    }

    @Override
    public NDArray linear(NDArray input, NDArray weight, NDArray bias) {
        return product(module, "linear", input, weight, bias);
    }

    @Override
    public NDArray embed(NDArray table, NDArray ids) {
        return module.call("embed", ids.getManager(), table, ids);
    }

    @Override
    public long bytes(NDArray packed) {
        return 2 * packed.getShape().size();
    }

    @Override
    public long parameters(NDArray packed) {
        return packed.getShape().size();
    }

    @Override
    public void close() {
        fusedLayer.close(true);
        module.close();
    }
}
