package app.characterstudio.model.run;

import ai.djl.util.ClassLoaderUtils;
import ai.djl.util.Platform;
import ai.djl.util.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * The PyTorch native builds on the class path (the CUDA package carries the CUDA and the CPU build) and the one
 * DJL will load: the CUDA build where the NVIDIA driver's CUDA is new enough for it, else the CPU build. Read
 * before the engine loads, so the device reason can say which build runs and why.
 */
public record NativeFlavors(List<String> bundled, String chosen, String version, boolean gpuVisible,
                            String libraryPath) {
    private static final String PROPERTIES = "native/lib/pytorch.properties";

    public static NativeFlavors detect() {
        String libraryPath = Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH");
        List<String> bundled = new ArrayList<>();
        try {
            for (URL url : Collections.list(ClassLoaderUtils.getContextClassLoader().getResources(PROPERTIES))) {
                Properties properties = new Properties();
                try (InputStream in = url.openStream()) {
                    properties.load(in);
                }
                if (properties.getProperty("placeholder") == null && properties.getProperty("flavor") != null) {
                    bundled.add(properties.getProperty("flavor"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the PyTorch native builds on the class path", e);
        }
        Platform platform = Platform.detectPlatform("pytorch");
        Platform system = Platform.fromSystem("pytorch");
        String flavor = libraryPath != null ? Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR", "?") : platform.getFlavor();
        String version = libraryPath != null ? Utils.getEnvOrSystemProperty("PYTORCH_VERSION", "?") : platform.getVersion();
        return new NativeFlavors(List.copyOf(bundled), flavor, version, system.getFlavor().startsWith("cu"), libraryPath);
    }

    /** For the device reason, e.g. "PyTorch 2.5.1 cpu build; the cu124 build on the class path needs an NVIDIA GPU". */
    public String describe() {
        if (libraryPath != null) {
            return "PyTorch " + version + " " + chosen + " from PYTORCH_LIBRARY_PATH=" + libraryPath;
        }
        StringBuilder text = new StringBuilder("PyTorch ").append(version.replaceFirst("-\\d{8}$", ""))
                .append(' ').append(chosen).append(" build");
        List<String> skipped = bundled.stream().filter(flavor -> !flavor.equals(chosen)).toList();
        if (!skipped.isEmpty() && !gpuVisible) {
            text.append("; the ").append(String.join(", ", skipped)).append(" build on the class path needs an NVIDIA "
                    + "GPU and driver, and none was found");
        } else if (!skipped.isEmpty()) {
            text.append(" (also on the class path: ").append(String.join(", ", skipped)).append(')');
        }
        return text.toString();
    }
}
