package app.characterstudio.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI preference fine-tuning JSONL: {@code input.messages} ending with the user turn,
 * {@code preferred_output} and {@code non_preferred_output} (one assistant message each).
 */
final class OpenAiPreference extends FormatBase {
    OpenAiPreference() {
        super("openai-dpo", "OpenAI preference fine-tuning (DPO), JSON Lines", Kind.PREFERENCE, Layout.JSON_LINES);
    }

    @Override
    public List<ObjectNode> rows(ExportRecord record, PromptContext context) {
        if (!record.hasPair()) {
            return List.of();
        }
        List<Rows.Message> prompt = Rows.prompt(record, context, true);
        List<ObjectNode> rows = new ArrayList<>(record.rejected().size());
        for (String rejected : record.rejected()) {
            ObjectNode row = Rows.object();
            row.putObject("input").set("messages", Rows.roleContent(prompt));
            row.set("preferred_output", Rows.assistant(record.chosen()));
            row.set("non_preferred_output", Rows.assistant(rejected));
            rows.add(row);
        }
        return rows;
    }
}
