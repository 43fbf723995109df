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
    /** The backend named for replies generated in the studio's own engine. */
    static final String LOCAL_BACKEND = "local";

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
        if (plan.reward().used()) {
            ExportPlan.RewardUse reward = plan.reward();
            manifest.putObject("reward_model").put("name", reward.model()).put("label", reward.label())
                    .put("weights_sha256", reward.weightsHash()).put("layout", reward.layout())
                    .put("min_score", reward.minScore()).put("min_margin", reward.minMargin())
                    .put("pairs", reward.pairs().id())
                    .put("machine_made_rows", plan.counts().machinePairs())
                    .put("machine_made_marker", RewardFilter.SOURCE_FIELD + ": reward_model");
        }
        manifest.set("models", models(plan));
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
        node.put("pairs_from_reward_model", counts.machinePairs());
        return node;
    }

    /**
     * Where the exported turns' generated replies came from: one entry per stored model name, with the records
     * that have a reply by it. A name {@code SERVED_MODEL@BACKEND} (an inference server) is shown split;
     * a local model folder's name has backend {@code "local"}.
     */
    private static ArrayNode models(ExportPlan plan) {
        Map<String, Integer> records = new java.util.TreeMap<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        java.util.stream.Stream.concat(plan.train().stream(), plan.validation().stream())
                .map(ExportPlan.Row::record)
                .filter(record -> seen.add(record.turnId()))
                .forEach(record -> record.models().forEach(model -> records.merge(model, 1, Integer::sum)));
        ArrayNode array = Rows.array();
        records.forEach((name, count) -> {
            int at = name.lastIndexOf('@');
            array.addObject().put("model", at > 0 ? name.substring(0, at) : name)
                    .put("backend", at > 0 ? name.substring(at + 1) : LOCAL_BACKEND).put("records", count);
        });
        return array;
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
