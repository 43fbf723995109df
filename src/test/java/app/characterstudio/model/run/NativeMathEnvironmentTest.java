package app.characterstudio.model.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.model.run.NativeMathEnvironment.CpuInfo;
import app.characterstudio.model.run.NativeMathEnvironment.Plan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NativeMathEnvironmentTest {
    private static final String AVX512 = "sse2 avx avx2 fma avx512f avx512dq avx512bw avx512vl";

    private static CpuInfo cpu(String vendor, String flags) {
        return CpuInfo.parse(List.of("processor\t: 0", "vendor_id\t: " + vendor, "model name\t: some cpu",
                "flags\t\t: " + flags, "", "processor\t: 1", "vendor_id\t: Other", "flags\t\t: sse")).orElseThrow();
    }

    @Test
    void readsTheFirstProcessorOfProcCpuinfo() {
        CpuInfo info = cpu("AuthenticAMD", "fpu sse2 avx2 fma avx512f avx512f");
        assertEquals("AuthenticAMD", info.vendor());
        assertTrue(info.flags().contains("avx512f"));
        assertTrue(CpuInfo.parse(List.of("processor\t: 0")).isEmpty(), "no vendor or flags: nothing to decide on");
    }

    @Test
    void picksTheWidestMklBranchTheCpuRunsButLeavesIntelToMkl() {
        assertEquals(Optional.of("AVX512"), NativeMathEnvironment.branchFor(cpu("AuthenticAMD", AVX512)));
        assertEquals(Optional.of("AVX2"), NativeMathEnvironment.branchFor(cpu("AuthenticAMD", "sse2 avx avx2 fma")));
        assertEquals(Optional.of("AVX2"), NativeMathEnvironment.branchFor(cpu("HygonGenuine", "avx2 fma avx512f")),
                "AVX-512 foundation alone is not the set MKL's AVX512 branch needs");
        assertEquals(Optional.empty(), NativeMathEnvironment.branchFor(cpu("AuthenticAMD", "sse2 sse4_2 avx")));
        assertEquals(Optional.empty(), NativeMathEnvironment.branchFor(cpu("GenuineIntel", AVX512)));
    }

    @Test
    void setsBothVariablesForAnAmdCpuBeforeTheEngineLoads() {
        Plan plan = NativeMathEnvironment.plan(name -> null, cpu("AuthenticAMD", AVX512), false);
        assertEquals(Map.of("MKL_CBWR", "AVX512", "OMP_WAIT_POLICY", "PASSIVE"), plan.toSet());
        assertTrue(plan.passiveWaiting());
        assertTrue(plan.description().contains("AVX512 branch for this AuthenticAMD CPU"), plan.description());

        Plan intel = NativeMathEnvironment.plan(name -> null, cpu("GenuineIntel", AVX512), false);
        assertEquals(Map.of("OMP_WAIT_POLICY", "PASSIVE"), intel.toSet());
    }

    @Test
    void keepsWhatTheUserSetAndSetsNothingOnceTheEngineHasLoaded() {
        Map<String, String> user = Map.of("MKL_CBWR", "", "OMP_WAIT_POLICY", "active");
        Plan plan = NativeMathEnvironment.plan(user::get, cpu("AuthenticAMD", AVX512), false);
        assertEquals(Map.of(), plan.toSet());
        assertFalse(plan.passiveWaiting(), "spinning threads: the row-block split would be slower");
        assertEquals("MKL_CBWR= (yours), OMP_WAIT_POLICY=active (yours)", plan.description());

        Plan late = NativeMathEnvironment.plan(name -> null, cpu("AuthenticAMD", AVX512), true);
        assertEquals(Map.of(), late.toSet());
        assertFalse(late.passiveWaiting());
    }
}
