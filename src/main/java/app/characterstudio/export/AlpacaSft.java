package app.characterstudio.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * LLaMA-Factory Alpaca SFT: {@code instruction} (the final user turn), {@code output}, {@code system},
 * {@code history [[q, a], ...]}. The user turn is the whole instruction, so the optional
 * {@code input} column would always be empty: it is left out and not mapped in dataset_info.json.
 */
final class AlpacaSft extends FormatBase {
    AlpacaSft() {
        super("alpaca-sft", "LLaMA-Factory Alpaca (SFT) with dataset_info.json", Kind.SFT, Layout.JSON_ARRAY);
    }

    @Override
    public List<ObjectNode> rows(ExportRecord record, PromptContext context) {
        if (!record.hasChosen()) {
            return List.of();
        }
        ObjectNode row = Rows.object().put("instruction", record.userText()).put("output", record.chosen())
                .put("system", context.system(record));
        row.set("history", Rows.alpacaHistory(record));
        return List.of(row);
    }

    @Override
    public Optional<ObjectNode> datasetInfoEntry(String fileName) {
        ObjectNode entry = Rows.object().put("file_name", fileName).put("formatting", "alpaca");
        entry.set("columns", Rows.object().put("prompt", "instruction").put("response", "output")
                .put("system", "system").put("history", "history"));
        return Optional.of(entry);
    }
}
