package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Attention on the CPU through PyTorch's {@code scaled_dot_product_attention}, whose CPU kernel (flash attention)
 * works through the keys in blocks: it never holds a [heads, T, L] score array, and with {@code is_causal} it skips
 * the blocks a query cannot see, half of a fresh prompt's products. DJL 0.33 has no such operator, so it runs in a
 * {@link TorchScriptModule}; the scale is PyTorch's default, 1 / sqrt(head dim).
 */
final class CpuAttention implements AutoCloseable {
    private static final String METHODS = """
              def causal(self: __torch__.Kernels,
                q: Tensor,
                k: Tensor,
                v: Tensor) -> Tensor:
                return torch.scaled_dot_product_attention(q, k, v, None, 0., True)
              def masked(self: __torch__.Kernels,
                q: Tensor,
                k: Tensor,
                v: Tensor,
                mask: Tensor) -> Tensor:
                return torch.scaled_dot_product_attention(q, k, v, mask, 0., False)
              def whole(self: __torch__.Kernels,
                q: Tensor,
                k: Tensor,
                v: Tensor) -> Tensor:
                return torch.scaled_dot_product_attention(q, k, v, None, 0., False)
            """;

    private final TorchScriptModule module;

    CpuAttention(NDManager manager) {
        module = new TorchScriptModule(manager, METHODS);
    }

    /**
     * Queries [B, KV, G*T, D] against keys and values [B, KV, L, D]: [B, KV, G*T, D]. {@code mask} (additive,
     * [G*T, L]) says what each query row may see; without one a single new position ({@code causal} false) sees
     * every key, and a fresh prompt ({@code causal} true, L = T, one query row per key/value head) its past.
     */
    NDArray attend(NDArray q, NDArray keys, NDArray values, NDArray mask, boolean causal) {
        NDManager into = q.getManager();
        if (mask != null) {
            return module.call("masked", into, q, keys, values, mask);
        }
        return module.call(causal ? "causal" : "whole", into, q, keys, values);
    }

    @Override
    public void close() {
        module.close();
    }
}
