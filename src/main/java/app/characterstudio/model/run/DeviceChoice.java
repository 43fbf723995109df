package app.characterstudio.model.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import app.characterstudio.model.ModelLoadException;
import java.util.Locale;

/** Where the transformer runs, and why: shown to the user next to the model. */
public record DeviceChoice(Device device, String reason) {

    public boolean isGpu() {
        return device.isGpu();
    }

    public String label() {
        return isGpu() ? "cuda:" + device.getDeviceId() : "cpu";
    }

    /** Picks CUDA when the engine sees a GPU, else the CPU; {@code requested} (cpu, cuda or null) overrides. */
    public static DeviceChoice choose(String requested) {
        String mathLibrary = NativeMathEnvironment.prepare(); // before the engine loads
        String natives = nativeBuild(); // also before: it says which build DJL is about to load
        int gpus = gpuCount();
        if (requested == null || requested.isBlank() || requested.equalsIgnoreCase("auto")) {
            if (gpus > 0) {
                return new DeviceChoice(Device.gpu(0), withNote("CUDA GPU found (" + gpus + " visible to PyTorch)",
                        natives));
            }
            return new DeviceChoice(Device.cpu(), withNote(withNote("no CUDA GPU visible to PyTorch", natives),
                    mathLibrary));
        }
        String wanted = requested.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals("cpu")) {
            return new DeviceChoice(Device.cpu(), withNote(withNote("CPU requested", natives), mathLibrary));
        }
        if (wanted.equals("cuda") || wanted.equals("gpu")) {
            if (gpus == 0) {
                throw new ModelLoadException("CUDA was requested but PyTorch sees no GPU (" + natives + "): build with "
                        + "the Maven profile 'cuda' (pytorch-native-cu124) on a machine with an NVIDIA driver, or use "
                        + "--device cpu");
            }
            return new DeviceChoice(Device.gpu(0), withNote("CUDA requested", natives));
        }
        throw new ModelLoadException("unknown device '" + requested + "': expected cpu or cuda");
    }

    private static String nativeBuild() {
        try {
            return NativeFlavors.detect().describe();
        } catch (RuntimeException | LinkageError e) {
            return "";
        }
    }

    private static String withNote(String reason, String note) {
        return note.isEmpty() ? reason : reason + "; " + note;
    }

    private static int gpuCount() {
        try {
            return Engine.getInstance().getGpuCount();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return 0;
        }
    }
}
