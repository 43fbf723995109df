package app.characterstudio.model.run;

import app.characterstudio.model.ModelConfig;
import app.characterstudio.model.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The precision a model computes in, and why: shown next to the device in the model panel and in JSON. */
public record PrecisionChoice(Precision precision, String reason) {
    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    /**
     * Auto picks bf16 from this many parameters on: below it the weights are read quickly in any precision, and each
     * product's call into the TorchScript module costs more than the halved read saves (tiny models stay fp32).
     */
    static final long REDUCED_MIN_PARAMETERS = 100_000_000L;

    /**
     * {@code requested} null means auto: fp16 on a GPU; on the CPU bf16 for a model of at least
     * {@value #REDUCED_MIN_PARAMETERS} parameters where the CPU has bf16 dot products, else fp32. Never int8: its
     * products quantize their inputs to 8 bits, and on the random 1.9B model its greedy tokens followed fp32's on
     * 77% of steps against bf16's 95%, so it is the creator's choice ({@code --dtype int8}), about 3x bf16's speed.
     */
    public static PrecisionChoice choose(Precision requested, DeviceChoice device, ModelConfig config) {
        return choose(requested, device.isGpu(), cpuFlags(), parameters(config));
    }

    /** This machine's CPU feature flags (empty where /proc/cpuinfo is not there). */
    static Set<String> cpuFlags() {
        return cpuFlags(CPU_INFO);
    }

    /** The parameter count config.json implies (embedding, layers' matrices, lm_head), norms and biases aside. */
    static long parameters(ModelConfig config) {
        long hidden = config.hiddenSize();
        long attention = hidden * config.headCount() * config.headDim() * 2
                + hidden * config.kvHeadCount() * config.headDim() * 2;
        long mlp = 3 * hidden * config.intermediateSize();
        return 2 * hidden * config.vocabSize() + config.layerCount() * (attention + mlp);
    }

    static PrecisionChoice choose(Precision requested, boolean gpu, Set<String> cpuFlags, long parameters) {
        String bf16Flags = cpuFlags.stream().filter(f -> f.equals("avx512_bf16") || f.equals("amx_bf16")).sorted()
                .collect(Collectors.joining(", "));
        if (requested != null && requested.cpuOnly() && gpu) {
            throw new ModelLoadException(requested.label() + " compute is for the CPU; on a GPU use fp16 (--dtype fp16)"
                    + " or fp32");
        }
        if (requested != null) {
            String note = requested == Precision.BF16 && bf16Flags.isEmpty()
                    ? " (this CPU has no avx512_bf16 or amx_bf16: PyTorch emulates bf16, slower than fp32)"
                    : requested == Precision.INT8 ? FbgemmKernels.hasVnni(cpuFlags)
                    ? " (int8 products with VNNI; each product's input quantized on the fly: less exact than bf16)"
                    : " (this CPU has no VNNI: int8 products with a halved input range, less exact)" : "";
            return new PrecisionChoice(requested, requested.label() + " requested" + note);
        }
        if (gpu) {
            return new PrecisionChoice(Precision.FP16, "auto: fp16 on a GPU");
        }
        String faster = FbgemmKernels.hasVnni(cpuFlags) ? "; int8 is faster and less exact" : "";
        if (bf16Flags.isEmpty()) {
            return new PrecisionChoice(Precision.FP32, "auto: the CPU has no avx512_bf16 or amx_bf16" + faster);
        }
        if (parameters < REDUCED_MIN_PARAMETERS) {
            return new PrecisionChoice(Precision.FP32, String.format(Locale.ROOT, "auto: fp32 for a small model (%.1f M "
                    + "parameters; bf16 from %d M on, where halving the weight reads pays)", parameters / 1e6,
                    REDUCED_MIN_PARAMETERS / 1_000_000));
        }
        return new PrecisionChoice(Precision.BF16, "auto: the CPU has " + bf16Flags + faster);
    }

    /** The feature flags of the first processor in {@code cpuInfo} (Linux); empty where there is no such file. */
    static Set<String> cpuFlags(Path cpuInfo) {
        try (var lines = Files.lines(cpuInfo)) {
            return lines.filter(line -> line.startsWith("flags")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim().toLowerCase(Locale.ROOT))
                    .map(flags -> Set.copyOf(Arrays.asList(flags.split("\\s+"))))
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }
}
