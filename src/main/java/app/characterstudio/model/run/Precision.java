package app.characterstudio.model.run;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * The element types the transformer computes in. FP32 and FP16 hold weights and activations in that type.
 * BF16 (CPU only) holds the matrices in bf16 and multiplies them there ({@link Bf16Kernels}); INT8 (CPU only)
 * holds them in int8 and multiplies them in integers, each product's input quantized on the fly
 * ({@link FbgemmKernels}); FP16_WEIGHTS (CPU only, label fp16w) holds them in fp16 and multiplies them in fp32
 * without rounding the inputs ({@link FbgemmKernels} too). With these three, activations, norms, rotary angles,
 * attention and the KV cache stay fp32.
 */
public enum Precision {
    FP32(DataType.FLOAT32, 4), FP16(DataType.FLOAT16, 2), BF16(DataType.FLOAT32, 2), INT8(DataType.FLOAT32, 1),
    FP16_WEIGHTS(DataType.FLOAT32, 2);

    private final DataType dataType;
    private final int weightBytes;

    Precision(DataType dataType, int weightBytes) {
        this.dataType = dataType;
        this.weightBytes = weightBytes;
    }

    /** The type of activations and of the KV cache. */
    public DataType dataType() {
        return dataType;
    }

    /** Bytes per weight of the matrices. */
    public int bytes() {
        return weightBytes;
    }

    /** Bytes per element of activations and of the KV cache. */
    public int activationBytes() {
        return dataType == DataType.FLOAT32 ? 4 : 2;
    }

    public static Precision parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "fp32", "float32", "f32" -> FP32;
            case "fp16", "float16", "f16", "half" -> FP16;
            case "bf16", "bfloat16" -> BF16;
            case "int8", "q8" -> INT8;
            case "fp16w", "fp16-weights" -> FP16_WEIGHTS;
            default -> throw new IllegalArgumentException("unknown dtype '" + text
                    + "': expected auto, fp32, fp16, bf16, int8 or fp16w");
        };
    }

    /** Whether this precision runs only on the CPU (its products go through {@link MatrixKernels}). */
    public boolean cpuOnly() {
        return this == BF16 || this == INT8 || this == FP16_WEIGHTS;
    }

    public String label() {
        return this == FP16_WEIGHTS ? "fp16w" : name().toLowerCase(Locale.ROOT);
    }
}
