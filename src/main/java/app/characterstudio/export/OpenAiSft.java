package app.characterstudio.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat fine-tuning JSONL: {@code {"messages":[...]}}. In a multi-turn record the earlier
 * assistant replies were not labeled, so they carry {@code "weight": 0} and the labeled final reply
 * {@code "weight": 1}; a single-turn record needs no weights.
 */
final class OpenAiSft extends FormatBase {
    OpenAiSft() {
        super("openai-sft", "OpenAI chat fine-tuning, JSON Lines", Kind.SFT, Layout.JSON_LINES);
    }

    @Override
    public List<ObjectNode> rows(ExportRecord record, PromptContext context) {
        if (!record.hasChosen()) {
            return List.of();
        }
        List<Rows.Message> messages = new ArrayList<>(Rows.prompt(record, context, true));
        messages.add(new Rows.Message("assistant", record.chosen()));
        ArrayNode array = Rows.roleContent(messages);
        if (!record.history().isEmpty()) {
            for (int i = 0; i < array.size(); i++) {
                ObjectNode message = (ObjectNode) array.get(i);
                if (message.get("role").asText().equals("assistant")) {
                    message.put("weight", i == array.size() - 1 ? 1 : 0);
                }
            }
        }
        ObjectNode row = Rows.object();
        row.set("messages", array);
        return List.of(row);
    }
}
