package app.characterstudio.model.run;

/**
 * The device the transformer tests run on: the CPU, or CUDA when the GPU proof kit
 * ({@code src/test/bench/gpu-kit/run.sh}) runs them with {@code -Dcharacterstudio.test.device=cuda}.
 */
final class TestDevice {
    static final String PROPERTY = "characterstudio.test.device";

    private TestDevice() {
    }

    static DeviceChoice choice() {
        return DeviceChoice.choose(System.getProperty(PROPERTY, "cpu"));
    }
}
