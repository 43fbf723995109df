package app.characterstudio.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}: format, options, counts, length statistics, studio version and the SHA-256
 * of each data file. It holds no clock time (the folder name does), so the same labels and options
 * give a byte-identical manifest.
 */
final class Manifest {
    static final String FILE_NAME = "manifest.json";
    /** The field and value that mark a manifest as this studio's own: only such a folder is ever replaced. */
    static final String MARKER_FIELD = "generator";
    static final String MARKER = "character-studio-export/1";

    /** A written file: name, rows (0 for dataset_info.json), size and SHA-256 in hex. */
    record FileEntry(String name, int rows, long bytes, String sha256) {
    }

    private Manifest() {
    }

    static ObjectNode of(ExportPlan plan, List<FileEntry> files, String studioVersion) {
        ObjectNode manifest = Rows.object().put(MARKER_FIELD, MARKER).put("format", plan.format().id())
                .put("description", plan.format().description())
                .put("kind", plan.format().kind().name().toLowerCase(java.util.Locale.ROOT))
                .put("studio_version", studioVersion);
        manifest.set("options", options(plan.options()));
        manifest.set("counts", counts(plan));
        ObjectNode lengths = manifest.putObject("lengths");
        lengths.put("unit", "characters");
        lengths.put("method", "estimate: Unicode code points, no tokenizer was given");
        lengths.set("prompt", stats(plan.counts().promptLength()));
        lengths.set("reply", stats(plan.counts().replyLength()));
        ArrayNode array = manifest.putArray("files");
        for (FileEntry file : files) {
            array.addObject().put("name", file.name()).put("rows", file.rows()).put("bytes", file.bytes())
                    .put("sha256", file.sha256());
        }
        return manifest;
    }

    private static ObjectNode options(ExportOptions options) {
        ObjectNode node = Rows.object();
        ArrayNode characters = node.putArray("characters");
        options.characters().stream().sorted().forEach(characters::add);
        ArrayNode sessions = node.putArray("sessions");
        options.sessions().stream().sorted().forEach(sessions::add);
        ArrayNode reasons = node.putArray("reasons");
        options.reasons().stream().sorted().forEach(reasons::add);
        node.put("from", options.from() == null ? null : options.from().toString());
        node.put("to", options.to() == null ? null : options.to().toString());
        node.put("system_part", options.systemPart().id());
        node.put("edit_pairs", options.editPairs());
        node.put("labeler", options.labels().labeler());
        node.put("conflicts", options.labels().conflicts().name().toLowerCase(java.util.Locale.ROOT));
        node.put("with_retrieval", options.systemPart().needsRetrieval());
        node.put("split_ratio", options.splitRatio());
        node.put("split_by", "session");
        node.put("seed", options.seed());
        node.put("dedup", options.dedup().name().toLowerCase(java.util.Locale.ROOT));
        node.put("min_length", options.minLength());
        node.put("max_length", options.maxLength());
        node.put("safety", options.safety().name().toLowerCase(java.util.Locale.ROOT));
        return node;
    }

    private static ObjectNode counts(ExportPlan plan) {
        ExportPlan.Counts counts = plan.counts();
        ObjectNode node = Rows.object().put("labeled_turns", counts.labeledTurns()).put("records", counts.records())
                .put("rows", plan.rowCount());
        node.putObject("rows_by_split").put("train", plan.train().size()).put("validation", plan.validation().size());
        node.putObject("sessions_by_split").put("train", counts.trainSessions())
                .put("validation", counts.validationSessions());
        node.set("per_character", map(counts.perCharacter()));
        node.set("per_reason", map(counts.perReason()));
        ObjectNode byReply = node.putObject("reasons_by_reply");
        counts.reasonsByReply().forEach((role, tags) -> byReply.set(role, map(tags)));
        node.set("removed", map(counts.removed()));
        node.put("prompts_rebuilt_from_template", counts.rebuiltPrompts());
        node.put("pairs_from_edits", counts.editPairs());
        return node;
    }

    private static ObjectNode map(Map<String, Integer> values) {
        ObjectNode node = Rows.object();
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> node.put(e.getKey(), e.getValue()));
        return node;
    }

    private static ObjectNode stats(LengthStats stats) {
        return Rows.object().put("count", stats.count()).put("min", stats.min()).put("max", stats.max())
                .put("mean", stats.mean()).put("p50", stats.p50()).put("p95", stats.p95());
    }
}
