package app.characterstudio.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Damaged and read-only databases and workspaces, as disks and file systems make them. */
public final class DatabaseFixtures {
    private DatabaseFixtures() {
    }

    /** About 300 pages of sessions; then page 150 is overwritten with garbage, as a bad disk sector would. */
    public static void fillAndDamageTheMiddle(Path file) throws IOException {
        try (Database db = Database.open(file)) {
            db.inTransaction(c -> {
                try (var insert = c.prepareStatement(
                        "INSERT INTO sessions (character_id, title, created_at, updated_at) VALUES (?, ?, 1, 1)")) {
                    for (int i = 0; i < 3000; i++) {
                        insert.setString(1, "c" + i);
                        insert.setString(2, "a title long enough to fill pages ".repeat(10) + i);
                        insert.executeUpdate();
                    }
                }
                return null;
            });
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] garbage = new byte[4096];
            Arrays.fill(garbage, (byte) 0x5A);
            channel.write(ByteBuffer.wrap(garbage), 149L * 4096);
        }
    }

    /**
     * Makes every folder and file under {@code root} read-only: by permissions, or where this process
     * is root (permissions do not stop it) by the immutable attribute; the test is skipped where
     * neither works. Undo with {@link #makeWritable}.
     */
    public static void makeReadOnly(Path root) throws Exception {
        for (Path path : tree(root)) {
            path.toFile().setWritable(false, false);
        }
        if (Files.isWritable(root)) {
            Assumptions.assumeTrue(chattr("+i", root), "cannot make a read-only folder on this machine");
        }
        Assumptions.assumeFalse(Files.isWritable(root), "the folder is still writable");
    }

    public static void makeWritable(Path root) throws Exception {
        chattr("-i", root);
        for (Path path : tree(root)) {
            path.toFile().setWritable(true, true);
        }
    }

    private static boolean chattr(String flag, Path root) throws Exception {
        try {
            Process process = new ProcessBuilder("chattr", "-R", flag, root.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> tree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
