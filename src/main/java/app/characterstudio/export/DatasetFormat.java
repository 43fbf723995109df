package app.characterstudio.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One dataset layout a trainer loads as is. Each implementation is a small class; see {@link DatasetFormats}. */
public interface DatasetFormat {
    /** What a row teaches: supervised replies, chosen/rejected pairs, or unpaired good/bad labels. */
    enum Kind { SFT, PREFERENCE, UNPAIRED }

    /** How rows sit in a file: one JSON array (one element per line), or JSON Lines. */
    enum Layout {
        JSON_ARRAY(".json"), JSON_LINES(".jsonl");

        private final String extension;

        Layout(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }
    }

    /** The name used on the command line and in folder names, e.g. {@code sharegpt-dpo}. */
    String id();

    String description();

    Kind kind();

    Layout layout();

    /** The rows one record gives: none when it lacks what the format needs (e.g. no pair). */
    List<ObjectNode> rows(ExportRecord record, PromptContext context);

    /** The {@code dataset_info.json} entry for a data file, for formats that have one. */
    default Optional<ObjectNode> datasetInfoEntry(String fileName) {
        return Optional.empty();
    }

    /** The {@code dataset_info.json} of a folder with these data files (split name → file name). */
    default Optional<ObjectNode> datasetInfo(Map<String, String> files) {
        ObjectNode info = Rows.object();
        files.forEach((split, file) -> datasetInfoEntry(file).ifPresent(
                entry -> info.set("character_studio_" + id().replace('-', '_') + "_" + split, entry)));
        return info.isEmpty() ? Optional.empty() : Optional.of(info);
    }
}
