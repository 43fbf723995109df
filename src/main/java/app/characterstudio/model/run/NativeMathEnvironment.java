package app.characterstudio.model.run;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Environment variables that PyTorch's CPU libraries read once, when they load, set before the engine
 * loads (the CPU natives for linux-x86_64; elsewhere nothing is changed). A variable the user has set is
 * kept.
 * <ul>
 * <li>{@code MKL_CBWR}: oneMKL picks its code path by CPU vendor. On AMD processors it takes a generic
 * path whose products of a few rows (N candidates times a weight matrix) run several times slower than
 * the processor can: measured on an AMD EPYC (Zen 4), N=4 decode cost 2.1x N=1 per step with MKL's own
 * choice, 1.2x with its AVX-512 branch. For a non-Intel CPU the widest branch it runs is selected.</li>
 * <li>{@code OMP_WAIT_POLICY=PASSIVE}: OpenMP threads otherwise spin for a while after each parallel
 * op, taking the cores that {@link RowBlockLinear}'s threads need (measured: the split decode step took
 * 590-670 ms with spinning threads, 370-420 ms with passive ones, 520-610 ms without the split).</li>
 * </ul>
 */
public final class NativeMathEnvironment {
    static final String MKL_BRANCH = "MKL_CBWR";
    static final String WAIT_POLICY = "OMP_WAIT_POLICY";
    private static Plan applied;

    private NativeMathEnvironment() {
    }

    /** What to set, why, and whether OpenMP threads will wait passively. */
    record Plan(Map<String, String> toSet, String description, boolean passiveWaiting) {
    }

    /**
     * Sets the variables once per process, before the engine loads (later calls return what was decided);
     * returns a description for the user.
     */
    public static synchronized String prepare() {
        return plan().description();
    }

    /** Whether OpenMP threads were set to wait passively before the engine loaded. */
    static synchronized boolean passiveWaiting() {
        return plan().passiveWaiting();
    }

    private static Plan plan() {
        if (applied == null) {
            Optional<CpuInfo> cpu = readCpuInfo();
            Plan plan = cpu.isEmpty() ? new Plan(Map.of(), "", false)
                    : plan(System::getenv, cpu.get(), engineAlreadyLoaded());
            applied = apply(plan);
        }
        return applied;
    }

    /** The plan for a CPU given the environment; nothing is set once the engine has loaded. */
    static Plan plan(Function<String, String> environment, CpuInfo cpu, boolean engineLoaded) {
        String presetWait = environment.apply(WAIT_POLICY);
        String presetBranch = environment.apply(MKL_BRANCH);
        if (engineLoaded) {
            return new Plan(Map.of(), "the engine loaded before " + MKL_BRANCH + " and " + WAIT_POLICY
                    + " could be set", presetWait != null && presetWait.equalsIgnoreCase("passive"));
        }
        Map<String, String> toSet = new LinkedHashMap<>();
        List<String> said = new ArrayList<>();
        if (presetBranch != null) {
            said.add(MKL_BRANCH + "=" + presetBranch + " (yours)");
        } else {
            branchFor(cpu).ifPresent(branch -> {
                toSet.put(MKL_BRANCH, branch);
                said.add(MKL_BRANCH + "=" + branch + " (oneMKL's " + branch + " branch for this " + cpu.vendor()
                        + " CPU)");
            });
        }
        if (presetWait != null) {
            said.add(WAIT_POLICY + "=" + presetWait + " (yours)");
        } else {
            toSet.put(WAIT_POLICY, "PASSIVE");
        }
        boolean passive = presetWait == null || presetWait.equalsIgnoreCase("passive");
        return new Plan(toSet, String.join(", ", said), passive);
    }

    /** The branch for a CPU MKL would not tune for, or empty where MKL's own choice is already right. */
    static Optional<String> branchFor(CpuInfo cpu) {
        if (cpu.vendor().equals("GenuineIntel")) {
            return Optional.empty();
        }
        if (cpu.flags().containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq"))) {
            return Optional.of("AVX512");
        }
        if (cpu.flags().containsAll(Set.of("avx2", "fma"))) {
            return Optional.of("AVX2");
        }
        return Optional.empty();
    }

    private static Plan apply(Plan plan) {
        if (plan.toSet().isEmpty()) {
            return plan;
        }
        try {
            for (Map.Entry<String, String> variable : plan.toSet().entrySet()) {
                if (LibC.INSTANCE.setenv(variable.getKey(), variable.getValue(), 0) != 0) {
                    return new Plan(Map.of(), "setting " + variable.getKey() + " failed", false);
                }
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return new Plan(Map.of(), "the C library could not be reached to set " + plan.toSet().keySet(), false);
        }
        return plan;
    }

    /** The vendor and instruction-set flags of the first processor in a Linux {@code /proc/cpuinfo}. */
    record CpuInfo(String vendor, Set<String> flags) {
        static Optional<CpuInfo> parse(List<String> lines) {
            String vendor = null;
            Set<String> flags = null;
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (vendor == null && key.equals("vendor_id")) {
                    vendor = value;
                } else if (flags == null && key.equals("flags")) {
                    flags = Arrays.stream(value.toLowerCase(Locale.ROOT).split("\\s+"))
                            .collect(Collectors.toUnmodifiableSet());
                }
            }
            return vendor == null || flags == null ? Optional.empty() : Optional.of(new CpuInfo(vendor, flags));
        }
    }

    private static Optional<CpuInfo> readCpuInfo() {
        String arch = System.getProperty("os.arch", "");
        if (!System.getProperty("os.name", "").equals("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return Optional.empty();
        }
        try {
            return CpuInfo.parse(Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether PyTorch's libraries are already mapped into this process (then they have read the environment). */
    private static boolean engineAlreadyLoaded() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1).stream()
                    .anyMatch(line -> line.contains("libtorch_cpu") || line.contains("libgomp"));
        } catch (IOException | RuntimeException e) {
            return true; // cannot tell: assume the worst, set nothing
        }
    }

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int setenv(String name, String value, int overwrite);
    }
}
