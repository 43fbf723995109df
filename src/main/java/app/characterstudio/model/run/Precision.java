package app.characterstudio.model.run;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/** The element type the transformer computes in. bf16 checkpoints are converted while loading. */
public enum Precision {
    FP32(DataType.FLOAT32, 4), FP16(DataType.FLOAT16, 2);

    private final DataType dataType;
    private final int bytes;

    Precision(DataType dataType, int bytes) {
        this.dataType = dataType;
        this.bytes = bytes;
    }

    public DataType dataType() {
        return dataType;
    }

    public int bytes() {
        return bytes;
    }

    /** fp16 on a GPU (half the memory traffic), fp32 on the CPU (PyTorch's CPU fp16 kernels are slow). */
    public static Precision defaultFor(DeviceChoice device) {
        return device.isGpu() ? FP16 : FP32;
    }

    public static Precision parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "fp32", "float32", "f32" -> FP32;
            case "fp16", "float16", "f16", "half" -> FP16;
            default -> throw new IllegalArgumentException("unknown dtype '" + text + "': expected fp32 or fp16");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
