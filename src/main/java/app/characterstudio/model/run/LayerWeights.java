package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;

/**
 * One decoder layer. Projection matrices keep the checkpoint's {@code [out, in]} layout, which is what
 * {@code linear} (PyTorch's addmm with a transposed operand) reads fastest. Biases are null when absent.
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
        NDArray down) {         // [hidden, intermediate]
}
