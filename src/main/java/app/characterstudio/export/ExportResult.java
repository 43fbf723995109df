package app.characterstudio.export;

import java.nio.file.Path;
import java.util.List;

/** A finished export: its folder, the files in it, and the plan it wrote. */
public record ExportResult(Path folder, List<String> files, ExportPlan plan) {
    public ExportResult {
        files = List.copyOf(files);
    }
}
