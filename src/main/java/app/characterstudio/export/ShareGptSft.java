package app.characterstudio.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** LLaMA-Factory ShareGPT SFT: {@code {"conversations":[human, gpt, ...], "system"}}, gpt last. */
final class ShareGptSft extends FormatBase {
    ShareGptSft() {
        super("sharegpt-sft", "LLaMA-Factory ShareGPT (SFT) with dataset_info.json", Kind.SFT, Layout.JSON_ARRAY);
    }

    @Override
    public List<ObjectNode> rows(ExportRecord record, PromptContext context) {
        if (!record.hasChosen()) {
            return List.of();
        }
        ObjectNode row = Rows.object();
        row.set("conversations", Rows.shareGpt(Rows.prompt(record, context, false))
                .add(Rows.object().put("from", "gpt").put("value", record.chosen())));
        row.put("system", context.system(record));
        return List.of(row);
    }

    @Override
    public Optional<ObjectNode> datasetInfoEntry(String fileName) {
        ObjectNode entry = Rows.object().put("file_name", fileName).put("formatting", "sharegpt");
        entry.set("columns", Rows.object().put("messages", "conversations").put("system", "system"));
        entry.set("tags", Rows.shareGptTags());
        return Optional.of(entry);
    }
}
