package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;

/**
 * Matrix products in a reduced precision on the CPU, through a {@link TorchScriptModule}: {@link Bf16Kernels}
 * and {@link FbgemmKernels}. The packed matrices are opaque to Java: it only holds them and hands them back.
 * Activations stay fp32 between the products.
 */
sealed interface MatrixKernels extends AutoCloseable permits Bf16Kernels, FbgemmKernels {
    /** {@code weight} [out, in] (fp32 or fp16) packed for {@link #linear}; the argument is closed. */
    NDArray packMatrix(NDArray weight);

    /**
     * {@code table} [rows, hidden] packed for {@link #embed}, and for {@link #linear} as an lm_head (bf16 for both
     * kernels: the head's products decide the logits, so int8 keeps it in bf16); the argument is closed.
     */
    NDArray packTable(NDArray table);

    /** An lm_head [vocab, hidden] packed for {@link #linear}: as a table unless the kernels say otherwise. */
    default NDArray packHead(NDArray head) {
        return packTable(head);
    }

    /** Whether {@link #packHead} gives what {@link #packTable} gives (a tied lm_head then shares the table). */
    default boolean headIsTable() {
        return true;
    }

    /** {@code input · weightᵀ + bias} in fp32: input [..., in] fp32, weight packed by any of the methods. */
    NDArray linear(NDArray input, NDArray weight, NDArray bias);

    /** Rows {@code ids} (int64, any shape) of a table packed by {@link #packTable}, in fp32: [..., hidden]. */
    NDArray embed(NDArray table, NDArray ids);

    /** A whole decoder layer in one call ({@link FusedLayer#covers} says which layers). */
    FusedLayer fusedLayer();

    /** Bytes a packed matrix or table holds. */
    long bytes(NDArray packed);

    /** Elements (parameters) of the matrix or table behind a packed array. */
    long parameters(NDArray packed);

    @Override
    void close();

    /** A product's rows [rows, out] back in the shape of {@code input} [..., in] with {@code out} last, plus bias. */
    static NDArray shapedLike(NDArray product, NDArray input, long out, NDArray bias) {
        long[] shape = input.getShape().getShape().clone(); // getShape() hands out the array it holds
        shape[shape.length - 1] = out;
        NDArray shaped = product.reshape(shape);
        return bias == null ? shaped : shaped.add(bias);
    }
}
