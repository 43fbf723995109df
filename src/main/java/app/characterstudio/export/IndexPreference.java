package app.characterstudio.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The Character model's own layout with a pair: {@code {"prompt","chosen","rejected"}}, one row per rejected. */
final class IndexPreference extends FormatBase {
    IndexPreference() {
        super("index-dpo", "Index Character prompt/chosen/rejected in the model's own layout, JSON Lines",
                Kind.PREFERENCE, Layout.JSON_LINES);
    }

    @Override
    public List<ObjectNode> rows(ExportRecord record, PromptContext context) {
        if (!record.hasPair()) {
            return List.of();
        }
        String prompt = context.indexPrompt(record);
        List<ObjectNode> rows = new ArrayList<>(record.rejected().size());
        for (String rejected : record.rejected()) {
            rows.add(Rows.object().put("prompt", prompt).put("chosen", record.chosen()).put("rejected", rejected));
        }
        return rows;
    }
}
