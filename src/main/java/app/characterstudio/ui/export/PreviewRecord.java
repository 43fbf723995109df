package app.characterstudio.ui.export;

import app.characterstudio.export.ExportRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One previewed export row as a person reads it.
 *
 * @param heading  whose turn it is: character, session and turn
 * @param prompt   the user's message, after the last exchange before it when there is one
 * @param chosen   the chosen reply (the reply an SFT row teaches)
 * @param rejected the rejected replies beside it in a preference row; empty for SFT
 */
public record PreviewRecord(String heading, String prompt, String chosen, List<String> rejected) {
    public PreviewRecord {
        rejected = List.copyOf(rejected);
    }

    /** One entry per record, in row order (a record written as several pair rows shows once). */
    static List<PreviewRecord> of(List<ExportRecord> records, boolean pairs) {
        Set<ExportRecord> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<PreviewRecord> shown = new ArrayList<>();
        for (ExportRecord r : records) {
            if (!seen.add(r)) {
                continue;
            }
            StringBuilder prompt = new StringBuilder();
            if (!r.history().isEmpty()) {
                ExportRecord.Exchange last = r.history().get(r.history().size() - 1);
                prompt.append("(").append(r.history().size()).append(" earlier exchanges; the last)\n")
                        .append(r.userName()).append(": ").append(last.user()).append('\n')
                        .append(r.characterId()).append(": ").append(last.assistant()).append("\n\n");
            }
            prompt.append(r.userName()).append(": ").append(r.userText());
            shown.add(new PreviewRecord(r.characterId() + " · session " + r.sessionId() + " · turn " + r.turnId(),
                    prompt.toString(), r.chosen() == null ? "" : r.chosen(), pairs ? r.rejected() : List.of()));
        }
        return shown;
    }
}
