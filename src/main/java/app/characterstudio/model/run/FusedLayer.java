package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.IValue;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A whole decoder layer as one TorchScript method, for the {@link MatrixKernels}: the same arithmetic as
 * {@link IndexTransformer}'s op-by-op layer (RMSNorm, rotary q and k, the KV cache written in place, PyTorch's
 * fused attention, the SiLU MLP), but one call from Java instead of about eighty. Each DJL operation costs the
 * host tens of microseconds (a new native array, its manager, the JNI crossing); with 36 layers that was about
 * 80 ms of a decode step on the development machine, as much as the int8 products themselves.
 *
 * <p>It covers layers without biases and with separate q, k and v (the Index models); others go op by op.
 * RMSNorm runs in fp32 whatever the activations' type, as in the op-by-op layer.
 */
final class FusedLayer {
    /** Attention modes, as the {@code mode} argument: one new position, a fresh prompt, a masked continuation. */
    static final long WHOLE = 0;
    static final long CAUSAL = 1;
    static final long MASKED = 2;

    /**
     * The TorchScript methods for packed matrices of type {@code matrixType}; the module defines
     * {@code lin(x [rows, in], w, reduce) -> [rows, out]}.
     */
    static String methods(String matrixType) {
        return """
                  def rms(self: __torch__.Kernels,
                    x: Tensor,
                    w: Tensor,
                    eps: float) -> Tensor:
                    wide = torch.to(x, 6)
                    inverse = torch.pow(torch.add(torch.mean(torch.mul(wide, wide), [-1], True), eps), -0.5)
                    return torch.mul(torch.to(torch.mul(wide, inverse), x.dtype), w)
                  def rope(self: __torch__.Kernels,
                    x: Tensor,
                    cos: Tensor,
                    sin: Tensor) -> Tensor:
                    half = torch.floordiv(torch.size(x, 3), 2)
                    x1 = torch.slice(x, 3, 0, half)
                    x2 = torch.slice(x, 3, half, torch.size(x, 3))
                    rotated = torch.cat([torch.neg(x2), x1], 3)
                    return torch.add(torch.mul(x, cos), torch.mul(rotated, sin))
                  def lin3(self: __torch__.Kernels,
                    x: Tensor,
                    w: MATRIX,
                    reduce: bool) -> Tensor:
                    b = torch.size(x, 0)
                    t = torch.size(x, 1)
                    y = self.lin(torch.reshape(x, [torch.mul(b, t), torch.size(x, 2)]), w, reduce)
                    return torch.reshape(y, [b, t, torch.size(y, 1)])
                  def layer(self: __torch__.Kernels,
                    x: Tensor,
                    in_norm: Tensor,
                    post_norm: Tensor,
                    wq: MATRIX,
                    wk: MATRIX,
                    wv: MATRIX,
                    wo: MATRIX,
                    wg: MATRIX,
                    wu: MATRIX,
                    wd: MATRIX,
                    cos: Tensor,
                    sin: Tensor,
                    kc: Tensor,
                    vc: Tensor,
                    mask: Tensor,
                    start: int,
                    live: int,
                    heads: int,
                    kv_heads: int,
                    eps: float,
                    mode: int,
                    reduce: bool) -> Tensor:
                    b = torch.size(x, 0)
                    t = torch.size(x, 1)
                    d = torch.size(kc, 3)
                    h = self.rms(x, in_norm, eps)
                    q = self.rope(torch.reshape(self.lin3(h, wq, reduce), [b, t, heads, d]), cos, sin)
                    k0 = self.rope(torch.reshape(self.lin3(h, wk, reduce), [b, t, kv_heads, d]), cos, sin)
                    k = torch.transpose(k0, 1, 2)
                    v = torch.transpose(torch.reshape(self.lin3(h, wv, reduce), [b, t, kv_heads, d]), 1, 2)
                    end = torch.add(start, t)
                    kslot = torch.slice(torch.slice(kc, 0, 0, live), 2, start, end)
                    vslot = torch.slice(torch.slice(vc, 0, 0, live), 2, start, end)
                    _0 = torch.copy_(kslot, k)
                    _1 = torch.copy_(vslot, v)
                    keys = k
                    values = v
                    if torch.gt(start, 0):
                      keys = torch.slice(torch.slice(kc, 0, 0, b), 2, 0, end)
                      values = torch.slice(torch.slice(vc, 0, 0, b), 2, 0, end)
                    else:
                      pass
                    groups = torch.floordiv(heads, kv_heads)
                    grouped = torch.reshape(torch.transpose(q, 1, 2), [b, kv_heads, torch.mul(groups, t), d])
                    if torch.eq(mode, 2):
                      a = torch.scaled_dot_product_attention(grouped, keys, values, mask, 0., False)
                    else:
                      a = torch.scaled_dot_product_attention(grouped, keys, values, None, 0., torch.eq(mode, 1))
                    a1 = torch.transpose(torch.reshape(a, [b, heads, t, d]), 1, 2)
                    attended = torch.reshape(a1, [b, t, torch.mul(heads, d)])
                    x1 = torch.add(x, self.lin3(attended, wo, reduce))
                    h1 = self.rms(x1, post_norm, eps)
                    gate = torch.silu(self.lin3(h1, wg, reduce))
                    return torch.add(x1, self.lin3(torch.mul(gate, self.lin3(h1, wu, reduce)), wd, reduce))
                """.replace("MATRIX", matrixType);
    }

    /** Whether {@code layer} has the form the fused method computes. */
    static boolean covers(LayerWeights layer) {
        return layer.qkv() == null && layer.qBias() == null && layer.kBias() == null && layer.vBias() == null
                && layer.oBias() == null;
    }

    private final TorchScriptModule module;
    private final Function<NDArray, IValue> matrix;
    private final boolean reduce;
    /** Each layer's norms and matrices as values, made once (they share the weights' memory). */
    private final Map<LayerWeights, IValue[]> weights = Collections.synchronizedMap(new IdentityHashMap<>());

    /** @param matrix the value a packed matrix is passed as (kept by the caller, not closed here) */
    FusedLayer(TorchScriptModule module, Function<NDArray, IValue> matrix, boolean reduce) {
        this.module = module;
        this.matrix = matrix;
        this.reduce = reduce;
    }

    /**
     * Runs {@code layer} on x [B, T, hidden] at positions {@code start..start+T-1}, writing its keys and values into
     * the first {@code live} rows of {@code keys} and {@code values} [batch, KV, capacity, D]; {@code mode} is
     * {@link #WHOLE}, {@link #CAUSAL} or {@link #MASKED} (then {@code mask} [G*T, start+T] is added to the scores).
     */
    NDArray run(LayerWeights layer, NDArray x, RotaryTable.Angles angles, NDArray keys, NDArray values, NDArray mask,
                int start, int live, int heads, int kvHeads, float eps, long mode) {
        IValue[] held = weights.computeIfAbsent(layer, this::values);
        IValue[] fresh = {IValue.from((PtNDArray) x), IValue.from((PtNDArray) angles.cos()),
            IValue.from((PtNDArray) angles.sin()), IValue.from((PtNDArray) keys), IValue.from((PtNDArray) values),
            IValue.from((PtNDArray) (mask == null ? angles.cos() : mask)), IValue.from(start), IValue.from(live),
            IValue.from(heads), IValue.from(kvHeads), IValue.from((double) eps), IValue.from(mode),
            IValue.from(reduce)};
        IValue[] inputs = new IValue[22];
        inputs[0] = fresh[0];
        System.arraycopy(held, 0, inputs, 1, held.length);
        System.arraycopy(fresh, 1, inputs, 1 + held.length, fresh.length - 1);
        try (IValue result = module.callRaw("layer", inputs)) {
            return result.toTensor((PtNDManager) x.getManager());
        } finally {
            TorchScriptModule.closeAll(fresh);
        }
    }

    private IValue[] values(LayerWeights layer) {
        return new IValue[] {IValue.from((PtNDArray) layer.inputNorm()), IValue.from((PtNDArray) layer.postNorm()),
            matrix.apply(layer.q()), matrix.apply(layer.k()), matrix.apply(layer.v()), matrix.apply(layer.o()),
            matrix.apply(layer.gate()), matrix.apply(layer.up()), matrix.apply(layer.down())};
    }

    /** Frees the values made for the norms (and, where {@code ownsMatrices}, the matrices). */
    void close(boolean ownsMatrices) {
        synchronized (weights) {
            for (IValue[] held : weights.values()) {
                for (int i = 0; i < held.length; i++) {
                    if (i < 2 || ownsMatrices) {
                        held[i].close();
                    }
                }
            }
            weights.clear();
        }
    }
}
