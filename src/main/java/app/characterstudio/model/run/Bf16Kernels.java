package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * bf16 matrix products on the CPU through a small TorchScript module. DJL 0.33's PyTorch JNI cannot create or
 * cast to bf16 (its dtype table stops at code 8 and aborts the JVM past it), but a TorchScript method runs
 * with every dtype PyTorch has. So the weights are cast to bf16 inside the module ({@link #pack}) and come back
 * as opaque arrays: Java only holds them and hands them back to {@link #linear} and {@link #embed}; any DJL
 * operation on them that needs their dtype would fail. Activations stay fp32 between the products.
 *
 * <p>There is no Python torch to {@code torch.jit.save} the module, so {@link #archive()} writes the archive
 * as {@code torch.jit.load} reads it: a zip whose entries are {@code data.pkl} (a pickled instance of
 * {@code __torch__.Kernels} with only its {@code training} flag), {@code code/__torch__.py} (the class in
 * TorchScript's serialized source form, dtypes as their ScalarType numbers: 6 float32, 15 bfloat16),
 * {@code constants.pkl} (an empty tuple) and {@code version}.
 *
 * <p>A product of one row goes to PyTorch as two identical rows: for one row PyTorch's CPU linear takes a
 * plain bf16 matrix-vector path, from two rows on oneDNN's {@code brg_matmul:avx512_core_bf16} (seen with
 * {@code ONEDNN_VERBOSE=1}), which uses the bf16 dot-product instructions.
 */
final class Bf16Kernels implements AutoCloseable {
    private static final String SOURCE = """
            class Kernels(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.Kernels,
                x: Tensor) -> Tensor:
                return x
              def pack(self: __torch__.Kernels,
                w: Tensor) -> Tensor:
                return torch.contiguous(torch.to(w, 15))
              def linear(self: __torch__.Kernels,
                x: Tensor,
                w: Tensor) -> Tensor:
                rows = torch.size(x, 0)
                h = torch.to(x, 15)
                if torch.eq(rows, 1):
                  h = torch.cat([h, h])
                else:
                  pass
                y = torch.to(torch.linear(h, w), 6)
                return torch.slice(y, 0, 0, rows)
              def embed(self: __torch__.Kernels,
                w: Tensor,
                ids: Tensor) -> Tensor:
                return torch.to(torch.embedding(w, ids), 6)
            """;

    private final PtSymbolBlock module;

    Bf16Kernels(NDManager manager) {
        try {
            module = JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(archive()), false, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JniUtils.enableInferenceMode(module);
    }

    /** {@code weight} (fp32 or fp16) as a new bf16 array in {@code weight}'s manager; the argument is closed. */
    NDArray pack(NDArray weight) {
        NDArray packed = call("pack", weight.getManager(), weight);
        weight.close();
        return packed;
    }

    /** {@code input · weightᵀ + bias} in fp32, the product in bf16: input [..., in] fp32, weight [out, in] packed. */
    NDArray linear(NDArray input, NDArray weight, NDArray bias) {
        long in = input.getShape().get(input.getShape().dimension() - 1);
        long out = weight.getShape().get(0);
        long[] shape = input.getShape().getShape().clone(); // getShape() hands out the array it holds
        shape[shape.length - 1] = out;
        NDArray product = call("linear", input.getManager(), input.reshape(-1, in), weight).reshape(shape);
        return bias == null ? product : product.add(bias);
    }

    /** Rows {@code ids} (int64, any shape) of the packed table {@code weight}, in fp32: [..., hidden]. */
    NDArray embed(NDArray weight, NDArray ids) {
        return call("embed", ids.getManager(), weight, ids);
    }

    private NDArray call(String method, NDManager into, NDArray... arrays) {
        IValue[] inputs = new IValue[arrays.length];
        try {
            for (int i = 0; i < arrays.length; i++) {
                inputs[i] = IValue.from((PtNDArray) arrays[i]);
            }
            try (IValue result = IValueUtils.runMethod(module, method, inputs)) {
                return result.toTensor((PtNDManager) into);
            }
        } finally {
            for (IValue input : inputs) {
                if (input != null) {
                    input.close();
                }
            }
        }
    }

    /** The TorchScript archive of the {@code Kernels} module, as {@code torch.jit.save} would lay it out. */
    static byte[] archive() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, "kernels/data.pkl", moduleObject());
            stored(zip, "kernels/code/__torch__.py", SOURCE.getBytes(StandardCharsets.UTF_8));
            stored(zip, "kernels/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // PROTO 2, EMPTY_TUPLE, STOP
            stored(zip, "kernels/version", "8\n".getBytes(StandardCharsets.US_ASCII));
            stored(zip, "kernels/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    /** Pickle (protocol 2) of {@code __torch__.Kernels()} with state {@code {'training': False}}. */
    private static byte[] moduleObject() {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.writeBytes(new byte[] {(byte) 0x80, 2});                                  // PROTO 2
        pickle.writeBytes("c__torch__\nKernels\n".getBytes(StandardCharsets.US_ASCII));  // GLOBAL
        pickle.writeBytes(new byte[] {')', (byte) 0x81, '}'});                           // EMPTY_TUPLE NEWOBJ EMPTY_DICT
        pickle.writeBytes(new byte[] {'X', 8, 0, 0, 0});                                 // BINUNICODE, 8 bytes
        pickle.writeBytes("training".getBytes(StandardCharsets.US_ASCII));
        pickle.writeBytes(new byte[] {(byte) 0x89, 's', 'b', '.'});                      // NEWFALSE SETITEM BUILD STOP
        return pickle.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    @Override
    public void close() {
        module.close();
    }
}
