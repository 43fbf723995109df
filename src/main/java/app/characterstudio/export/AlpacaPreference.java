package app.characterstudio.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * LLaMA-Factory Alpaca preference: {@code instruction}, {@code chosen}, {@code rejected} (one row per
 * rejected reply), plus {@code system} and {@code history} so multi-turn records keep their context.
 * {@code input} is left out as in {@link AlpacaSft}.
 */
final class AlpacaPreference extends FormatBase {
    AlpacaPreference() {
        super("alpaca-dpo", "LLaMA-Factory Alpaca preference (DPO/ORPO, ranking) with dataset_info.json", Kind.PREFERENCE, Layout.JSON_ARRAY);
    }

    @Override
    public List<ObjectNode> rows(ExportRecord record, PromptContext context) {
        if (!record.hasPair()) {
            return List.of();
        }
        String system = context.system(record);
        List<ObjectNode> rows = new ArrayList<>(record.rejected().size());
        for (String rejected : record.rejected()) {
            ObjectNode row = Rows.object().put("instruction", record.userText()).put("chosen", record.chosen())
                    .put("rejected", rejected).put("system", system);
            row.set("history", Rows.alpacaHistory(record));
            rows.add(row);
        }
        return rows;
    }

    @Override
    public Optional<ObjectNode> datasetInfoEntry(String fileName) {
        ObjectNode entry = Rows.object().put("file_name", fileName).put("formatting", "alpaca").put("ranking", true);
        entry.set("columns", Rows.object().put("prompt", "instruction").put("chosen", "chosen")
                .put("rejected", "rejected").put("system", "system").put("history", "history"));
        return Optional.of(entry);
    }
}
