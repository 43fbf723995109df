package app.characterstudio.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * KTO-style unpaired labels in TRL's conversational unpaired preference format:
 * {@code {"prompt":[messages ending with the user turn], "completion":[{"role":"assistant",...}],
 * "label": true|false}}: the chosen reply gives a {@code true} row, each rejected reply a
 * {@code false} row. A label that only rejects still gives its {@code false} rows.
 */
final class KtoUnpaired extends FormatBase {
    KtoUnpaired() {
        super("kto", "TRL unpaired preference for KTO (prompt, completion, label), JSON Lines",
                Kind.UNPAIRED, Layout.JSON_LINES);
    }

    @Override
    public List<ObjectNode> rows(ExportRecord record, PromptContext context) {
        List<Rows.Message> prompt = Rows.prompt(record, context, true);
        List<ObjectNode> rows = new ArrayList<>(record.rejected().size() + 1);
        if (record.hasChosen()) {
            rows.add(row(prompt, record.chosen(), true));
        }
        for (String rejected : record.rejected()) {
            rows.add(row(prompt, rejected, false));
        }
        return rows;
    }

    private static ObjectNode row(List<Rows.Message> prompt, String completion, boolean label) {
        ObjectNode row = Rows.object();
        row.set("prompt", Rows.roleContent(prompt));
        row.set("completion", Rows.assistant(completion));
        row.put("label", label);
        return row;
    }
}
