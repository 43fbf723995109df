package app.characterstudio.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Reads, filters, deduplicates, splits and renders: everything up to the bytes on disk. */
final class ExportPlanner {
    private final LabeledTurnQuery query;

    ExportPlanner(LabeledTurnQuery query) {
        this.query = query;
    }

    ExportPlan plan(DatasetFormat format, ExportOptions options, PromptContext context, ExportListener listener) {
        return plan(format, options, RewardSelection.NONE, context, listener);
    }

    ExportPlan plan(DatasetFormat format, ExportOptions options, RewardSelection reward, PromptContext context,
                    ExportListener listener) {
        listener.progress(0.0, "Reading labeled turns");
        LabeledTurnQuery.Result read = query.read(options);
        listener.checkCancelled();
        Map<String, Integer> removed = new TreeMap<>(read.skipped());
        int outOfScope = read.labeledTurns() - read.records().size()
                - read.skipped().values().stream().mapToInt(Integer::intValue).sum();
        count(removed, "outside the chosen characters, sessions or dates", outOfScope);

        List<ExportRecord> filtered = new ArrayList<>(read.records().size());
        List<ExportRecord> candidates = new ArrayList<>(read.records());
        candidates.addAll(reward.machineRecords());
        for (ExportRecord record : candidates) {
            String why = options.rejectionOf(record);
            ExportRecord kept = why == null ? reward.apply(record, removed) : null;
            if (kept != null) {
                filtered.add(kept);
            } else if (why != null) {
                count(removed, why, 1);
            }
        }
        listener.progress(0.15, "Removing duplicates");
        List<ExportRecord> unique = Deduplicator.apply(filtered, options.dedup());
        count(removed, "duplicate", filtered.size() - unique.size());
        listener.checkCancelled();

        SessionSplit.Split split = SessionSplit.apply(unique, options.splitRatio(), options.seed());
        listener.progress(0.25, "Rendering rows");
        List<ExportPlan.Row> train = render(format, split.train(), context, reward, removed);
        listener.checkCancelled();
        List<ExportPlan.Row> validation = render(format, split.validation(), context, reward, removed);
        listener.checkCancelled();
        if (train.isEmpty() && validation.isEmpty()) {
            throw new NothingToExportException(read.labeledTurns() == 0 && !options.labels().ownOnly()
                    ? "Nothing to export as " + format.id() + ": " + options.labels().describe() + " labeled no turn "
                    + "here (label import-bundle brings another labeler's labels; label agreement lists who labeled). "
                    + "Nothing was written."
                    : nothingMessage(format, read.labeledTurns(), removed));
        }
        int machineRows = (int) java.util.stream.Stream.concat(train.stream(), validation.stream())
                .filter(row -> reward.isMachine(row.record())).count();
        return new ExportPlan(format, options, train, validation,
                counts(read.labeledTurns(), removed, split, train, validation, context, machineRows),
                replyLengths(train, validation), ExportPlan.RewardUse.of(reward));
    }

    private static List<ExportPlan.Row> render(DatasetFormat format, List<ExportRecord> records, PromptContext context,
                                               RewardSelection reward, Map<String, Integer> removed) {
        List<ExportPlan.Row> rows = new ArrayList<>(records.size());
        for (ExportRecord record : records) {
            List<ObjectNode> rendered = format.rows(record, context);
            if (rendered.isEmpty()) {
                count(removed, format.kind() == DatasetFormat.Kind.PREFERENCE
                        ? "no chosen/rejected pair" : "no chosen reply", 1);
            }
            for (ObjectNode json : rendered) {
                reward.mark(record, json);
                rows.add(new ExportPlan.Row(record, RowWriter.bytes(json)));
            }
        }
        return rows;
    }

    private static ExportPlan.Counts counts(int labeledTurns, Map<String, Integer> removed, SessionSplit.Split split,
                                            List<ExportPlan.Row> train, List<ExportPlan.Row> validation,
                                            PromptContext context, int machineRows) {
        Map<String, Integer> perCharacter = new TreeMap<>();
        Map<String, Integer> perReason = new TreeMap<>();
        List<ExportRecord> records = new ArrayList<>();
        ExportRecord last = null;
        for (List<ExportPlan.Row> rows : List.of(train, validation)) {
            for (ExportPlan.Row row : rows) {
                perCharacter.merge(row.record().characterId(), 1, Integer::sum);
                for (String reason : row.record().reasons().isEmpty() ? List.of("none") : row.record().reasons()) {
                    perReason.merge(reason, 1, Integer::sum);
                }
                if (row.record() != last) {
                    records.add(row.record());
                    last = row.record();
                }
            }
        }
        int[] prompts = records.stream().mapToInt(r -> promptLength(r, context)).toArray();
        int[] replies = records.stream().filter(ExportRecord::hasChosen).mapToInt(r -> LengthStats.length(r.chosen())).toArray();
        int trainSessions = (int) train.stream().map(r -> r.record().sessionId()).distinct().count();
        int validationSessions = (int) validation.stream().map(r -> r.record().sessionId()).distinct().count();
        int rebuilt = (int) records.stream().filter(context::rebuilt).count();
        return new ExportPlan.Counts(labeledTurns, records.size(), removed, trainSessions, validationSessions,
                perCharacter, perReason, LengthStats.of(prompts), LengthStats.of(replies), rebuilt,
                records.stream().mapToInt(ExportRecord::editPairs).sum(), reasonsByReply(records),
                machineRows);
    }

    /** Records per reason tag, by what the reason is about. */
    private static Map<String, Map<String, Integer>> reasonsByReply(List<ExportRecord> records) {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (ExportRecord record : records) {
            record.reasonsByReply().forEach((role, tags) -> tags.forEach(tag ->
                    counts.computeIfAbsent(role, r -> new TreeMap<>()).merge(tag, 1, Integer::sum)));
        }
        return counts;
    }

    private static int[] replyLengths(List<ExportPlan.Row> train, List<ExportPlan.Row> validation) {
        List<ExportRecord> records = new ArrayList<>();
        ExportRecord last = null;
        for (List<ExportPlan.Row> rows : List.of(train, validation)) {
            for (ExportPlan.Row row : rows) {
                if (row.record() != last && row.record().hasChosen()) {
                    records.add(row.record());
                }
                last = row.record();
            }
        }
        return records.stream().mapToInt(r -> LengthStats.length(r.chosen())).toArray();
    }

    /** System text, history and the user turn, in characters: what the model reads before replying. */
    private static int promptLength(ExportRecord record, PromptContext context) {
        int length = LengthStats.length(context.system(record)) + LengthStats.length(record.userText());
        for (ExportRecord.Exchange exchange : record.history()) {
            length += LengthStats.length(exchange.user()) + LengthStats.length(exchange.assistant());
        }
        return length;
    }

    private static String nothingMessage(DatasetFormat format, int labeledTurns, Map<String, Integer> removed) {
        String why = removed.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        return "Nothing to export as " + format.id() + ": " + (labeledTurns == 0
                ? "the workspace has no labeled turns yet. Label some replies first."
                : labeledTurns + " labeled turn(s), none left after the options (" + why + ").")
                + " Nothing was written.";
    }

    private static void count(Map<String, Integer> removed, String why, int count) {
        if (count > 0) {
            removed.merge(why, count, Integer::sum);
        }
    }
}
