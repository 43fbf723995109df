package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.function.UnaryOperator;

/**
 * One decoder layer. Projection matrices keep the checkpoint's {@code [out, in]} layout, which is what
 * {@code linear} (PyTorch's addmm with a transposed operand) reads fastest. Biases are null when absent.
 * A fused layer ({@link #fused()}) holds q, k and v as one {@code qkv} matrix and the three are null.
 */
record LayerWeights(
        NDArray inputNorm,      // [hidden]
        NDArray q,              // [heads * headDim, hidden]
        NDArray k,              // [kvHeads * headDim, hidden]
        NDArray v,              // [kvHeads * headDim, hidden]
        NDArray o,              // [hidden, heads * headDim]
        NDArray qBias, NDArray kBias, NDArray vBias, NDArray oBias,
        NDArray postNorm,       // [hidden]
        NDArray gate,           // [intermediate, hidden]
        NDArray up,             // [intermediate, hidden]
        NDArray down,           // [hidden, intermediate]
        NDArray qkv,            // [(heads + 2 * kvHeads) * headDim, hidden], or null
        NDArray qkvBias) {

    LayerWeights(NDArray inputNorm, NDArray q, NDArray k, NDArray v, NDArray o, NDArray qBias, NDArray kBias,
                 NDArray vBias, NDArray oBias, NDArray postNorm, NDArray gate, NDArray up, NDArray down) {
        this(inputNorm, q, k, v, o, qBias, kBias, vBias, oBias, postNorm, gate, up, down, null, null);
    }

    /**
     * q, k and v as one matrix, so a layer issues one product for the three (the separate ones are freed). Worth
     * it where every tensor operation costs the host more than the arithmetic, as on a GPU; on the CPU the
     * weights are memory-mapped as they lie in the checkpoint, and joining them would copy all of them.
     */
    LayerWeights fused() {
        NDArray joined = join(q, k, v);
        NDArray joinedBias = qBias == null ? null : join(qBias, kBias, vBias);
        return new LayerWeights(inputNorm, null, null, null, o, null, null, null, oBias, postNorm, gate, up, down,
                joined, joinedBias);
    }

    /** The same layer with {@code matrix} applied to each projection matrix (norms and biases as they are). */
    LayerWeights withMatrices(UnaryOperator<NDArray> matrix) {
        return new LayerWeights(inputNorm, map(matrix, q), map(matrix, k), map(matrix, v), matrix.apply(o), qBias,
                kBias, vBias, oBias, postNorm, matrix.apply(gate), matrix.apply(up), matrix.apply(down),
                map(matrix, qkv), qkvBias);
    }

    private static NDArray map(UnaryOperator<NDArray> matrix, NDArray array) {
        return array == null ? null : matrix.apply(array);
    }

    private static NDArray join(NDArray a, NDArray b, NDArray c) {
        NDArray joined = NDArrays.concat(new NDList(a, b, c), 0);
        joined.attach(a.getManager());
        a.close();
        b.close();
        c.close();
        return joined;
    }
}
