package app.characterstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pickle that names anything but what a state dict needs is refused, by name, and nothing runs. */
class TorchCheckpointRefusalTest {
    @TempDir
    Path temp;

    @Test
    void refusesAGlobalCallingOsSystem() {
        assertRefused("evil-os-system.bin", "os.system");
    }

    @Test
    void refusesAStackGlobalCallingEval() {
        assertRefused("evil-builtins-eval.bin", "builtins.eval");
    }

    @Test
    void refusesADisallowedGlobalNestedInsideAnAllowedRebuild() {
        assertRefused("evil-nested.bin", "posix.system");
    }

    @Test
    void refusesNonContiguousTensors() {
        Path file = Fixtures.bad("noncontiguous.bin");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> TorchCheckpointSource.open(file));
        assertTrue(e.getMessage().contains("transposed") && e.getMessage().contains("not contiguous")
                && e.getMessage().contains("stride [1, 4]"), e.getMessage());
    }

    @Test
    void refusesOpcodesThatBuildArbitraryObjects() {
        // protocol 2: GLOBAL collections.OrderedDict, EMPTY_TUPLE, NEWOBJ, STOP
        byte[] newobj = "\u0080\u0002ccollections\nOrderedDict\n)\u0081.".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new RestrictedUnpickler("x.bin").read(newobj));
        assertTrue(e.getMessage().contains("NEWOBJ"), e.getMessage());
        // INST names a class in text form
        byte[] inst = "(ios\nsystem\nS'id'\n.".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        e = assertThrows(ModelLoadException.class, () -> new RestrictedUnpickler("y.bin").read(inst));
        assertTrue(e.getMessage().contains("INST") && e.getMessage().contains("y.bin"), e.getMessage());
    }

    @Test
    void refusesCallingAnAllowedTypeThatIsNotARebuildFunction() {
        // GLOBAL torch.FloatStorage, EMPTY_TUPLE, REDUCE: storages may be named, not constructed
        byte[] reduce = "\u0080\u0002ctorch\nFloatStorage\n)R.".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> new RestrictedUnpickler("z.bin").read(reduce));
        assertTrue(e.getMessage().contains("torch.FloatStorage"), e.getMessage());
    }

    @Test
    void reportsATruncatedCheckpointByName() throws IOException {
        Path file = temp.resolve("pytorch_model.bin");
        byte[] whole = Files.readAllBytes(Fixtures.tinyIndex().resolve("pytorch_model.bin"));
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> TorchCheckpointSource.open(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void reportsAFileThatIsNotAZip() throws IOException {
        Path file = temp.resolve("pytorch_model.bin");
        Files.writeString(file, "not a checkpoint at all");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> TorchCheckpointSource.open(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        Path missing = temp.resolve("absent.bin");
        e = assertThrows(ModelLoadException.class, () -> TorchCheckpointSource.open(missing));
        assertEquals("missing file " + missing, e.getMessage());
    }

    private static void assertRefused(String fixture, String global) {
        Path file = Fixtures.bad(fixture);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> TorchCheckpointSource.open(file));
        assertTrue(e.getMessage().contains(global), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("refusing"), e.getMessage());
    }
}
