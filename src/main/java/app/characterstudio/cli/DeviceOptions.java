package app.characterstudio.cli;

import app.characterstudio.model.run.GenerationException;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.Precision;
import picocli.CommandLine.Option;

/** {@code --device} and {@code --dtype} of the commands that load a model ({@code generate}, {@code score}). */
final class DeviceOptions {
    @Option(names = "--device", paramLabel = "cpu|cuda", description = "Default: cuda when present.")
    String device;

    @Option(names = "--dtype", paramLabel = "auto|fp32|fp16|bf16|fp16w|int8",
            description = "Default (auto): fp16 on cuda; on the CPU bf16 for a model of 100 M parameters or more "
                    + "where it has avx512_bf16 or amx_bf16, else fp32. bf16 is CPU-only: bf16 matrices, fp32 "
                    + "activations. fp16w (CPU): fp16 matrices multiplied without rounding the inputs (FBGEMM): as exact "
                    + "as fp32 nearly, about 1.6x bf16's decode speed, prompts read more slowly. int8 (CPU): int8 "
                    + "matrices, each product's input quantized on the fly (about 2.5x bf16's decode speed, less "
                    + "exact).")
    String dtype;

    /** The load options these ask for (the folder's preferred weight format). */
    LoadOptions loadOptions() {
        return new LoadOptions(device, dtype == null || dtype.equalsIgnoreCase("auto") ? null : parsePrecision(dtype), null);
    }

    private static Precision parsePrecision(String text) {
        try {
            return Precision.parse(text);
        } catch (IllegalArgumentException e) {
            throw new GenerationException(e.getMessage());
        }
    }
}
