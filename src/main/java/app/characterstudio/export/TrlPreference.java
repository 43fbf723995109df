package app.characterstudio.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * TRL preference with an explicit prompt: {@code prompt} messages ending with the user turn,
 * {@code chosen}/{@code rejected} as one-message assistant lists; one row per rejected reply.
 */
final class TrlPreference extends FormatBase {
    TrlPreference() {
        super("trl-dpo", "TRL preference with explicit prompt (DPO), JSON Lines", Kind.PREFERENCE, Layout.JSON_LINES);
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
            row.set("prompt", Rows.roleContent(prompt));
            row.set("chosen", Rows.assistant(record.chosen()));
            row.set("rejected", Rows.assistant(rejected));
            rows.add(row);
        }
        return rows;
    }
}
