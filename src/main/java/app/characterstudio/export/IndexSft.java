package app.characterstudio.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The Character model's own layout: {@code {"prompt": <rendered template>, "completion": <reply>}}. */
final class IndexSft extends FormatBase {
    IndexSft() {
        super("index-sft", "Index Character prompt/completion in the model's own layout, JSON Lines",
                Kind.SFT, Layout.JSON_LINES);
    }

    @Override
    public List<ObjectNode> rows(ExportRecord record, PromptContext context) {
        if (!record.hasChosen()) {
            return List.of();
        }
        return List.of(Rows.object().put("prompt", context.indexPrompt(record)).put("completion", record.chosen()));
    }
}
