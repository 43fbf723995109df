package app.characterstudio.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything an export will write, computed before anything is written: the rows of each split in
 * file order, and the counts the window shows and the manifest keeps.
 */
public record ExportPlan(DatasetFormat format, ExportOptions options, List<Row> train, List<Row> validation,
                         Counts counts, int[] replyLengths, RewardUse reward) {
    public ExportPlan {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        replyLengths = replyLengths.clone();
    }

    /**
     * One row of a data file, already serialised (compact UTF-8 JSON, as written), and the record it
     * came from. Bytes take a fraction of the memory of a JSON tree, which matters at 100,000 rows.
     */
    public record Row(ExportRecord record, byte[] line) {
        public String text() {
            return new String(line, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * @param labeledTurns labels in the database (before any option)
     * @param records      records left after options and duplicate removal
     * @param removed      records removed, by why (scope, label reason, safety, reply length, duplicate, ...)
     * @param perCharacter rows per character id
     * @param perReason    rows per label reason (a row counts once for each of its reasons; "none" when none)
     * @param rebuiltPrompts records whose stored prompt was asked for but missing, so rebuilt from the template
     * @param editPairs    chosen/rejected pairs in the export that exist only because an edit was chosen over
     *                     the reply it was made from
     * @param reasonsByReply records per reason tag, by what the reason is about ("turn", "chosen", "rejected",
     *                     "other_reply": see {@link ExportRecord#reasonsByReply()})
     * @param machinePairs rows made by a reward model from unlabeled turns ({@code --pairs rm}), not by labels
     */
    public record Counts(int labeledTurns, int records, Map<String, Integer> removed, int trainSessions,
                         int validationSessions, Map<String, Integer> perCharacter, Map<String, Integer> perReason,
                         LengthStats promptLength, LengthStats replyLength, int rebuiltPrompts,
                         int editPairs, Map<String, Map<String, Integer>> reasonsByReply, int machinePairs) {
    }

    /**
     * The reward model an export used, as the manifest records it: {@code label} is NAME@HASH; null fields when
     * the export used none.
     */
    public record RewardUse(String model, String label, String weightsHash, String layout, Double minScore,
                            Double minMargin, RewardFilter.Pairs pairs) {
        static RewardUse of(RewardSelection selection) {
            RewardFilter filter = selection.filter();
            if (selection.set() == null) {
                return new RewardUse(null, null, null, null, null, null, RewardFilter.Pairs.HUMAN);
            }
            return new RewardUse(selection.set().modelName(), selection.set().label(), selection.set().weightsHash(),
                    selection.set().layout(), filter.minScore(), filter.minMargin(), filter.pairs());
        }

        public boolean used() {
            return label != null;
        }

        /** "Reward model rm@0123456789ab: min score 0.5, min margin —, human pairs only", for the preview. */
        public String describe(int machinePairs) {
            if (!used()) {
                return "Reward model: none";
            }
            return "Reward model " + label + ": min score " + (minScore == null ? "—" : minScore) + ", min margin "
                    + (minMargin == null ? "—" : minMargin) + ", " + (pairs == RewardFilter.Pairs.RM
                    ? machinePairs + " machine-made pair row" + (machinePairs == 1 ? "" : "s") + " from unlabeled turns"
                    : "human pairs only");
        }
    }

    /** "Edits as pairs: on, 3 pairs (edit chosen, original rejected)" or "Edits as pairs: off", for the preview. */
    public static String editPairsText(ExportPlan plan) {
        if (!plan.options().editPairs()) {
            return "Edits as pairs: off (an edit's original is rejected only when labeled so)";
        }
        int pairs = plan.counts().editPairs();
        return "Edits as pairs: on, " + pairs + " pair" + (pairs == 1 ? "" : "s") + " (edit chosen, original rejected)";
    }

    public int rowCount() {
        return train.size() + validation.size();
    }

    /** The first {@code limit} rows exactly as they appear in the data files (training file first). */
    public List<String> preview(int limit) {
        List<String> lines = new ArrayList<>(limit);
        for (List<Row> rows : List.of(train, validation)) {
            for (Row row : rows) {
                if (lines.size() >= limit) {
                    return lines;
                }
                lines.add(row.text());
            }
        }
        return lines;
    }
}
