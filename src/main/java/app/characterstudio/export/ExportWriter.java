package app.characterstudio.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes a plan into a folder atomically: every file goes into a hidden temporary sibling folder,
 * is flushed to disk, and only then does the folder take the target's name by a rename. A previous
 * export in the target (only the studio's own, see {@link ExportTarget}) is moved aside first and
 * deleted after. A failure or a cancel at any point
 * deletes the temporary folder: the target holds the previous export, or nothing, never half a file.
 */
final class ExportWriter {
    private final String studioVersion;

    ExportWriter(String studioVersion) {
        this.studioVersion = studioVersion;
    }

    ExportResult write(ExportPlan plan, Path target, ExportListener listener) {
        Path folder = target.toAbsolutePath().normalize();
        ExportTarget.check(folder);
        Path temp = folder.resolveSibling("." + folder.getFileName() + ".partial-" + UUID.randomUUID());
        try {
            Files.createDirectories(folder.getParent());
            Files.createDirectory(temp);
            List<String> names = writeFiles(plan, temp, listener);
            listener.checkCancelled();
            commit(temp, folder);
            listener.progress(1.0, "Written to " + folder);
            return new ExportResult(folder, names, plan);
        } catch (IOException e) {
            throw new ExportException("Cannot write the export to " + folder + ": " + e.getMessage()
                    + ". Nothing was written; any previous export there is unchanged.", e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private List<String> writeFiles(ExportPlan plan, Path dir, ExportListener listener) throws IOException {
        DatasetFormat format = plan.format();
        Map<String, String> splitFiles = new LinkedHashMap<>();
        List<Manifest.FileEntry> entries = new ArrayList<>();
        int total = Math.max(1, plan.rowCount());
        int[] written = {0};
        Runnable afterRow = () -> {
            if (++written[0] % 2000 == 0) {
                listener.progress(0.4 + 0.55 * written[0] / total, "Writing row " + written[0] + " of " + total);
                listener.checkCancelled();
            }
        };
        Map<String, List<ExportPlan.Row>> splits = new LinkedHashMap<>();
        splits.put("train", plan.train());
        splits.put("validation", plan.validation());
        for (Map.Entry<String, List<ExportPlan.Row>> split : splits.entrySet()) {
            List<ExportPlan.Row> rows = split.getValue();
            if (rows.isEmpty()) {
                continue;
            }
            String name = split.getKey() + format.layout().extension();
            String sha = writeFile(dir.resolve(name), out -> RowWriter.write(rows, format.layout(), out, afterRow));
            entries.add(new Manifest.FileEntry(name, rows.size(), Files.size(dir.resolve(name)), sha));
            splitFiles.put(split.getKey(), name);
        }
        Optional<ObjectNode> info = format.datasetInfo(splitFiles);
        if (info.isPresent()) {
            byte[] bytes = RowWriter.pretty(info.get());
            String sha = writeFile(dir.resolve("dataset_info.json"), out -> out.write(bytes));
            entries.add(new Manifest.FileEntry("dataset_info.json", 0, bytes.length, sha));
        }
        byte[] manifest = RowWriter.pretty(Manifest.of(plan, entries, studioVersion));
        writeFile(dir.resolve(Manifest.FILE_NAME), out -> out.write(manifest));
        List<String> names = new ArrayList<>(entries.stream().map(Manifest.FileEntry::name).toList());
        names.add(Manifest.FILE_NAME);
        return names;
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes, flushes to disk, and returns the SHA-256 in hex. */
    private static String writeFile(Path file, Content content) throws IOException {
        MessageDigest digest = sha256();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new DigestOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16), digest);
            content.writeTo(out);
            out.flush();
            channel.force(true);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void commit(Path temp, Path folder) throws IOException {
        if (!Files.exists(folder)) {
            move(temp, folder);
            return;
        }
        ExportTarget.check(folder); // again: the folder may have gained files while the export was written
        Path old = folder.resolveSibling("." + folder.getFileName() + ".old-" + UUID.randomUUID());
        move(folder, old);
        try {
            move(temp, folder);
        } catch (IOException e) {
            move(old, folder);
            throw e;
        }
        deleteQuietly(old);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteQuietly(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // best effort: a hidden temporary folder left behind holds no half export under the target's name
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
