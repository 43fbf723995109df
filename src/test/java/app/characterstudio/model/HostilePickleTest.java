package app.characterstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, item 6: hostile pickles are refused with the file named, never a JVM error. */
class HostilePickleTest {
    @TempDir
    Path temp;

    /** A torch.save zip whose data.pkl is {@code pickle}. */
    static byte[] torchZip(byte[] pickle) {
        return Fixtures.storedZip(java.util.Map.of("archive/data.pkl", pickle));
    }

    private ModelLoadException refusedInZip(byte[] pickle, String... parts) throws IOException {
        Path file = Files.write(temp.resolve("pytorch_model.bin"), torchZip(pickle));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> TorchCheckpointSource.open(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "says '" + part + "': " + e.getMessage());
        }
        return e;
    }

    private static ModelLoadException refused(byte[] pickle, String... parts) {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new RestrictedUnpickler("x/data.pkl").read(pickle));
        assertTrue(e.getMessage().startsWith("x/data.pkl"), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "says '" + part + "': " + e.getMessage());
        }
        return e;
    }

    private static byte[] pickle(int... opcodes) {
        byte[] bytes = new byte[opcodes.length];
        for (int i = 0; i < opcodes.length; i++) {
            bytes[i] = (byte) opcodes[i];
        }
        return bytes;
    }

    private static byte[] withLength(int opcode, long length, int width) {
        ByteBuffer buffer = ByteBuffer.allocate(2 + 1 + width + 8).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x80).put((byte) 2).put((byte) opcode);
        if (width == 4) {
            buffer.putInt((int) length);
        } else {
            buffer.putLong(length);
        }
        buffer.put("abcdefg".getBytes()).put((byte) '.');
        return buffer.array();
    }

    @Test
    void noneAsTheRootIsNotAStateDict() throws IOException {
        refusedInZip(pickle(0x80, 2, 'N', '.'), "holds None", "not a state dict");
    }

    @Test
    void negativeLengthsAreRefused() {
        for (int opcode : new int[] {'T', 'B', 'X', 0x8b}) {
            refused(withLength(opcode, -5, 4), "-5 bytes");
        }
        for (int opcode : new int[] {0x8e, 0x8d, 0x96}) {
            refused(withLength(opcode, -5, 8), "-5 bytes");
        }
    }

    @Test
    void hugeDeclaredLengthsAreRefusedBeforeAllocating() {
        refused(withLength('B', 0x7ff0_0000L, 4), "2146435072 bytes", "only 8 bytes are left");
        refused(withLength('X', 1_500_000_000L, 4), "1500000000 bytes");
        refused(withLength(0x8e, 1L << 40, 8), "only 8 bytes are left");
        refused(withLength(0x8d, Long.MAX_VALUE, 8), "bytes are left");
        refused(withLength('T', 9, 4), "9 bytes", "only 8 bytes are left");
    }

    @Test
    void aTupleNested200000DeepIsRefused() throws IOException {
        ByteArrayOutputStream deep = new ByteArrayOutputStream();
        deep.write(new byte[] {(byte) 0x80, 2, ')'});
        for (int i = 0; i < 200_000; i++) {
            deep.write(0x85); // TUPLE1
        }
        deep.write('.');
        refused(deep.toByteArray(), "nests containers more than");
        refusedInZip(deep.toByteArray(), "nests containers more than");
    }

    @Test
    void aDeepTupleAsCallArgumentsAndADeepListAsADictKeyAreRefused() throws IOException {
        ByteArrayOutputStream call = new ByteArrayOutputStream();
        call.write(new byte[] {(byte) 0x80, 2});
        call.write("ccollections\nOrderedDict\n".getBytes());
        call.write(')');
        for (int i = 0; i < 200_000; i++) {
            call.write(0x85);
        }
        call.write(new byte[] {'R', '.'});
        refusedInZip(call.toByteArray(), "nests containers");

        // {[self-containing list]: 1}: a key whose hash would recurse forever
        byte[] selfKey = pickle(0x80, 2, '}', ']', 'q', 0, 'h', 0, 'a', 'K', 1, 's', '.');
        refused(selfKey, "dict key that is a");
    }

    @Test
    void aNumberWithAMillionDigitsIsRefusedBeforeParsing() {
        byte[] digits = ("L" + "9".repeat(1_000_000) + "L\n.").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] pickle = new byte[digits.length + 2];
        pickle[0] = (byte) 0x80;
        pickle[1] = 2;
        System.arraycopy(digits, 0, pickle, 2, digits.length);
        long start = System.nanoTime();
        refused(pickle, "more than 1000 characters");
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused at once");
        assertEquals(12, new RestrictedUnpickler("x/data.pkl").read(pickle(0x80, 2, 'I', '1', '2', '\n', '.')));
    }

    @Test
    void aTruncatedPickleIsADamagedPickle() {
        refused(pickle(0x80, 2, 'X', 1), "ends inside a length");
        refused(pickle(0x80, 2, '('), "damaged");
    }
}
