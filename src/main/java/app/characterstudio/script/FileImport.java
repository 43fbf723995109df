package app.characterstudio.script;

import java.nio.file.Path;
import java.util.List;

/**
 * What happened to one file of a multi-file import: its report, or why nothing of it was stored.
 *
 * @param report what importing it did; null when it was not imported
 * @param error  why it was not imported (naming the file); null when it was
 */
public record FileImport(Path file, ImportReport report, String error) {
    static FileImport imported(Path file, ImportReport report) {
        return new FileImport(file, report, null);
    }

    static FileImport failed(Path file, String error) {
        return new FileImport(file, null, error);
    }

    public boolean imported() {
        return report != null;
    }

    /** "2 of 3 files imported; first.txt was not (nothing of it was stored)." for several files. */
    public static String summary(List<FileImport> outcomes) {
        List<String> failed = outcomes.stream().filter(o -> !o.imported()).map(o -> o.file().getFileName().toString())
                .toList();
        String imported = (outcomes.size() - failed.size()) + " of " + outcomes.size() + " files imported";
        if (failed.isEmpty()) {
            return imported + ".";
        }
        return imported + "; not imported (nothing of " + (failed.size() == 1 ? "it" : "them") + " was stored): "
                + String.join(", ", failed) + ".";
    }
}
