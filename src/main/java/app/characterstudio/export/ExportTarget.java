package app.characterstudio.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Decides whether a folder may receive an export. A missing or empty folder may; a folder is replaced
 * only when it is this studio's own earlier export: its {@code manifest.json} carries the studio's
 * marker, and everything else in the folder is a plain file that manifest lists, at the size it lists.
 * Anything else (someone's browser extension with a {@code manifest.json}, an export with notes or a
 * workspace beside it, an edited data file) is refused with what is there, and nothing is touched.
 */
final class ExportTarget {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NAMES_SHOWN = 8;

    private ExportTarget() {
    }

    static void check(Path folder) {
        if (folder.getParent() == null) {
            throw new ExportException("Cannot export into the file system root " + folder + ".");
        }
        if (!Files.exists(folder)) {
            return;
        }
        if (!Files.isDirectory(folder)) {
            throw new ExportException(folder + " is a file; choose a folder for the export.");
        }
        List<String> present = namesIn(folder);
        if (present.isEmpty()) {
            return;
        }
        if (!present.contains(Manifest.FILE_NAME)) {
            throw refused(folder, "holds no earlier export (no " + Manifest.FILE_NAME + ")", present);
        }
        Map<String, Long> listed = listedFiles(folder, present);
        List<String> problems = new ArrayList<>();
        for (String name : present) {
            Path path = folder.resolve(name);
            if (name.equals(Manifest.FILE_NAME)) {
                continue;
            }
            if (!listed.containsKey(name)) {
                problems.add(name + (Files.isDirectory(path) ? " (a folder)" : "") + " is not part of the export");
            } else if (!Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                problems.add(name + " is not a plain file");
            } else if (size(path) != listed.get(name)) {
                problems.add(name + " was changed since it was exported (" + size(path) + " bytes, the manifest says "
                        + listed.get(name) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new ExportException(folder + " holds an earlier export and more: " + shown(problems)
                    + ". Nothing was replaced; move those away or choose an empty or new folder.");
        }
    }

    /** The files the manifest lists, with their sizes; a manifest without the studio's marker is refused. */
    private static Map<String, Long> listedFiles(Path folder, List<String> present) {
        JsonNode manifest;
        try {
            manifest = JSON.readTree(folder.resolve(Manifest.FILE_NAME).toFile());
        } catch (IOException e) {
            manifest = null;
        }
        boolean marked = manifest != null && manifest.isObject()
                && Manifest.MARKER.equals(manifest.path(Manifest.MARKER_FIELD).asText(null));
        if (!marked && manifest != null && manifest.has("studio_version") && manifest.has("format")) {
            throw refused(folder, "looks like an export of an older Character Studio, whose " + Manifest.FILE_NAME
                    + " has no \"" + Manifest.MARKER_FIELD + "\" marker, so it is not replaced", present);
        }
        if (!marked || !manifest.path("files").isArray()) {
            throw refused(folder, "is not a Character Studio export (its " + Manifest.FILE_NAME
                    + " is not one the studio wrote)", present);
        }
        Map<String, Long> listed = new HashMap<>();
        for (JsonNode file : manifest.get("files")) {
            listed.put(file.path("name").asText(""), file.path("bytes").asLong(-1));
        }
        return listed;
    }

    private static ExportException refused(Path folder, String why, List<String> present) {
        return new ExportException(folder + " " + why + "; it holds " + shown(present)
                + ". Nothing was replaced; choose an empty or new folder (or delete that one yourself) so nothing of"
                + " yours is lost.");
    }

    private static String shown(List<String> items) {
        if (items.size() <= NAMES_SHOWN) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, NAMES_SHOWN)) + " and " + (items.size() - NAMES_SHOWN) + " more";
    }

    private static List<String> namesIn(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new ExportException("Cannot read " + folder + ": " + e.getMessage(), e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
