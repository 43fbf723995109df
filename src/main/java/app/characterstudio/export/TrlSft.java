package app.characterstudio.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** TRL conversational SFT: {@code {"messages":[system, user, assistant, ..., user, assistant]}}. */
final class TrlSft extends FormatBase {
    TrlSft() {
        super("trl-sft", "TRL conversational SFT (messages), JSON Lines", Kind.SFT, Layout.JSON_LINES);
    }

    @Override
    public List<ObjectNode> rows(ExportRecord record, PromptContext context) {
        if (!record.hasChosen()) {
            return List.of();
        }
        List<Rows.Message> messages = new ArrayList<>(Rows.prompt(record, context, true));
        messages.add(new Rows.Message("assistant", record.chosen()));
        ObjectNode row = Rows.object();
        row.set("messages", Rows.roleContent(messages));
        return List.of(row);
    }
}
