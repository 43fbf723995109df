package app.characterstudio.model.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.util.Platform;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA package carries the CUDA and the CPU build of PyTorch's natives (pom.xml, profile cuda). On a machine
 * without an NVIDIA GPU, which this test machine is, DJL must pick the CPU build, and the device reason must say so.
 * The 2.4 GB CUDA jar is stood in for by its {@code native/lib/pytorch.properties}, which is what DJL chooses by.
 */
class NativeFlavorsTest {

    @Test
    void withTheCudaAndTheCpuBuildOnTheClassPathTheCpuBuildIsChosenWithoutAGpu(@TempDir Path dir) throws IOException {
        Path properties = dir.resolve("native/lib/pytorch.properties");
        Files.createDirectories(properties.getParent());
        Files.writeString(properties, "version=2.5.1-20241113\nflavor=cu124\nclassifier=linux-x86_64\n"
                + "libraries=libc10.so,libc10_cuda.so,libtorch.so,libtorch_cpu.so,libtorch_cuda.so\n");
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        try (URLClassLoader withCuda = new URLClassLoader(new URL[] {dir.toUri().toURL()}, original)) {
            thread.setContextClassLoader(withCuda);
            NativeFlavors flavors = NativeFlavors.detect();

            assertEquals(List.of("cpu", "cu124"), flavors.bundled().stream().sorted().toList());
            assertFalse(flavors.gpuVisible());
            assertEquals("cpu", flavors.chosen());
            assertEquals("cpu", Platform.detectPlatform("pytorch").getFlavor(), "DJL's own choice");
            assertEquals("PyTorch 2.5.1 cpu build; the cu124 build on the class path needs an NVIDIA GPU and driver, "
                    + "and none was found", flavors.describe());
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    @Test
    void theDeviceReasonNamesTheBuildThatRuns() {
        DeviceChoice choice = DeviceChoice.choose("cpu");
        assertTrue(choice.reason().contains("PyTorch 2.5.1 cpu build"), choice.reason());
    }
}
