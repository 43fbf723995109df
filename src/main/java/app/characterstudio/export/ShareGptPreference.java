package app.characterstudio.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * LLaMA-Factory ShareGPT preference: {@code conversations} ending with a human turn, then one
 * {@code chosen}/{@code rejected} pair (one row per rejected reply), and {@code system}.
 */
final class ShareGptPreference extends FormatBase {
    ShareGptPreference() {
        super("sharegpt-dpo", "LLaMA-Factory ShareGPT preference (DPO/ORPO, ranking) with dataset_info.json", Kind.PREFERENCE, Layout.JSON_ARRAY);
    }

    @Override
    public List<ObjectNode> rows(ExportRecord record, PromptContext context) {
        if (!record.hasPair()) {
            return List.of();
        }
        List<Rows.Message> prompt = Rows.prompt(record, context, false);
        String system = context.system(record);
        List<ObjectNode> rows = new ArrayList<>(record.rejected().size());
        for (String rejected : record.rejected()) {
            ObjectNode row = Rows.object();
            row.set("conversations", Rows.shareGpt(prompt));
            row.set("chosen", Rows.object().put("from", "gpt").put("value", record.chosen()));
            row.set("rejected", Rows.object().put("from", "gpt").put("value", rejected));
            row.put("system", system);
            rows.add(row);
        }
        return rows;
    }

    @Override
    public Optional<ObjectNode> datasetInfoEntry(String fileName) {
        ObjectNode entry = Rows.object().put("file_name", fileName).put("formatting", "sharegpt").put("ranking", true);
        entry.set("columns", Rows.object().put("messages", "conversations").put("chosen", "chosen")
                .put("rejected", "rejected").put("system", "system"));
        entry.set("tags", Rows.shareGptTags());
        return Optional.of(entry);
    }
}
