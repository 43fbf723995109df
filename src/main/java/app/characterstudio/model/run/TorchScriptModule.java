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
 * A TorchScript module written from source at run time, for what DJL 0.33's PyTorch JNI cannot do itself
 * (bf16 arrays, quantized products). There is no Python torch to {@code torch.jit.save} it, so {@link #archive}
 * writes the archive as {@code torch.jit.load} reads it: a zip whose entries are {@code data.pkl} (a pickled
 * instance of {@code __torch__.Kernels} with only its {@code training} flag), {@code code/__torch__.py} (the class
 * in TorchScript's serialized source form, dtypes as their ScalarType numbers: 1 int8, 4 int64, 6 float32,
 * 12 qint8, 15 bfloat16), {@code constants.pkl} (an empty tuple) and {@code version}.
 */
final class TorchScriptModule implements AutoCloseable {
    private final PtSymbolBlock module;

    /** @param methods the methods of class {@code Kernels}, in serialized TorchScript (a forward is added) */
    TorchScriptModule(NDManager manager, String methods) {
        try {
            module = JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(archive(methods)), false,
                    false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JniUtils.enableInferenceMode(module);
    }

    /** Runs {@code method} on tensors and returns its tensor result, owned by {@code into}. */
    NDArray call(String method, NDManager into, NDArray... arrays) {
        IValue[] inputs = new IValue[arrays.length];
        try {
            for (int i = 0; i < arrays.length; i++) {
                inputs[i] = IValue.from((PtNDArray) arrays[i]);
            }
            try (IValue result = IValueUtils.runMethod(module, method, inputs)) {
                return result.toTensor((PtNDManager) into);
            }
        } finally {
            closeAll(inputs);
        }
    }

    /** Runs {@code method} on {@code array} alone into {@code array}'s manager, then frees {@code array}. */
    NDArray convert(String method, NDArray array) {
        try (array) {
            return call(method, array.getManager(), array);
        }
    }

    /** Runs {@code method} on any values and returns its result as it is (the caller closes it). */
    IValue callRaw(String method, IValue... inputs) {
        return IValueUtils.runMethod(module, method, inputs);
    }

    static void closeAll(IValue... values) {
        for (IValue value : values) {
            if (value != null) {
                value.close();
            }
        }
    }

    /** The TorchScript archive of class {@code Kernels} with {@code methods}, as {@code torch.jit.save} lays it out. */
    static byte[] archive(String methods) throws IOException {
        String source = """
                class Kernels(Module):
                  __parameters__ = []
                  __buffers__ = []
                  training : bool
                  def forward(self: __torch__.Kernels,
                    x: Tensor) -> Tensor:
                    return x
                """ + methods;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, "kernels/data.pkl", moduleObject());
            stored(zip, "kernels/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
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
