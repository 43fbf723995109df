package app.characterstudio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Labels of several labelers: this workspace's own (table {@code labels}) and those merged from other
 * labelers' bundles ({@code merged_labels}), named in bundles by the stable ids of turns and replies.
 */
public final class LabelBundleRepository {
    private static final String OWN = "SELECT s.uid AS session_uid, t.uid AS turn_uid, s.character_id, l.labeler, "
            + "l.turn_id, l.chosen_candidate_id, l.rationale, l.safety_case, l.labeled_at, "
            + "(SELECT group_concat(r.candidate_id) FROM label_rejections r WHERE r.turn_id = l.turn_id) AS rejected, "
            + "(SELECT group_concat(DISTINCT x.reason) FROM label_reasons x WHERE x.turn_id = l.turn_id) AS reasons "
            + "FROM labels l JOIN turns t ON t.id = l.turn_id JOIN sessions s ON s.id = t.session_id";
    private static final String MERGED = "SELECT s.uid AS session_uid, t.uid AS turn_uid, s.character_id, m.labeler, "
            + "m.turn_id, m.chosen_candidate_id, m.rationale, m.safety_case, m.labeled_at, m.rejected, m.reasons "
            + "FROM merged_labels m JOIN turns t ON t.id = m.turn_id JOIN sessions s ON s.id = t.session_id";

    private final Database database;

    public LabelBundleRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Every labeler's latest label of every turn, own and merged, by turn then labeler. */
    public List<LabelVote> votes() {
        return database.read(connection -> {
            Map<String, LabelVote> latest = new LinkedHashMap<>();
            for (String sql : List.of(OWN, MERGED)) {
                try (PreparedStatement query = connection.prepareStatement(sql); ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        LabelVote vote = new LabelVote(row.getLong("turn_id"), row.getString("character_id"),
                                row.getString("labeler"), Rows.getLong(row, "chosen_candidate_id"),
                                Rows.longs(row.getString("rejected")).stream().sorted().toList(), row.getLong("labeled_at"),
                                row.getInt("safety_case") != 0);
                        latest.merge(vote.turnId() + "\u0000" + vote.labeler(), vote,
                                (a, b) -> b.labeledAt() > a.labeledAt() ? b : a);
                    }
                }
            }
            return latest.values().stream().sorted(Comparator.comparingLong(LabelVote::turnId)
                    .thenComparing(LabelVote::labeler)).toList();
        });
    }

    /** Every label this workspace holds, own and merged, as a bundle writes it. */
    public List<BundleLabel> bundleLabels() {
        return database.read(connection -> {
            List<BundleLabel> labels = new ArrayList<>();
            for (String sql : List.of(OWN, MERGED)) {
                try (PreparedStatement query = connection.prepareStatement(sql + " ORDER BY s.id, t.id");
                     ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        Long chosen = Rows.getLong(row, "chosen_candidate_id");
                        List<String> rejected = new ArrayList<>();
                        for (long id : Rows.longs(row.getString("rejected"))) {
                            rejected.add(candidateUid(connection, id));
                        }
                        rejected.sort(null);
                        labels.add(new BundleLabel(row.getString("session_uid"), row.getString("turn_uid"),
                                row.getString("character_id"), row.getString("labeler"),
                                chosen == null ? null : candidateUid(connection, chosen), rejected,
                                Rows.strings(row.getString("reasons")).stream().sorted().toList(),
                                row.getString("rationale"), row.getInt("safety_case") != 0, row.getLong("labeled_at")));
                    }
                }
            }
            return labels;
        });
    }

    /**
     * Stores {@code labels} of other labelers next to this workspace's own, in one transaction: a label
     * already here (same turn, labeler and time) is skipped, nothing is overwritten.
     *
     * @throws StoreException naming the first turn or reply this workspace does not have; then nothing is stored
     */
    public BundleMerge merge(List<BundleLabel> labels) {
        return database.inTransaction(connection -> {
            int added = 0;
            int present = 0;
            int conflicts = 0;
            for (BundleLabel label : labels) {
                long turn = turnId(connection, label);
                Long chosen = label.chosen() == null ? null : candidateId(connection, turn, label.chosen(), label);
                List<Long> rejected = new ArrayList<>();
                for (String uid : label.rejected()) {
                    rejected.add(candidateId(connection, turn, uid, label));
                }
                if (ownLabelIs(connection, turn, label)) {
                    present++;
                    continue;
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT OR IGNORE INTO merged_labels (turn_id, "
                        + "labeler, chosen_candidate_id, rejected, reasons, rationale, safety_case, labeled_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setLong(1, turn);
                    insert.setString(2, label.labeler());
                    Rows.setLong(insert, 3, chosen);
                    insert.setString(4, Rows.joined(rejected.stream().sorted().toList()));
                    insert.setString(5, Rows.joined(label.reasons()));
                    insert.setString(6, label.rationale());
                    insert.setInt(7, label.safetyCase() ? 1 : 0);
                    insert.setLong(8, label.labeledAt());
                    if (insert.executeUpdate() == 0) {
                        present++;
                        continue;
                    }
                }
                added++;
                if (othersChoseOtherwise(connection, turn, label.labeler(), chosen)) {
                    conflicts++;
                }
            }
            return new BundleMerge(added, present, conflicts);
        });
    }

    private static long turnId(Connection connection, BundleLabel label) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT id FROM turns WHERE uid = ?")) {
            query.setString(1, label.turnUid());
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new StoreException("The bundle labels turn " + label.turnUid() + " of session "
                            + label.sessionUid() + " (" + label.characterId() + "), which this workspace does not have."
                            + " A bundle merges labels of the sessions both workspaces share: label copies of the same"
                            + " studio.db. Nothing was merged.");
                }
                return row.getLong(1);
            }
        }
    }

    private static long candidateId(Connection connection, long turn, String uid, BundleLabel label) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT id FROM candidates WHERE uid = ? AND turn_id = ?")) {
            query.setString(1, uid);
            query.setLong(2, turn);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new StoreException("The bundle's label of turn " + label.turnUid() + " by " + label.labeler()
                            + " names reply " + uid + ", which this workspace does not have for that turn. Nothing was merged.");
                }
                return row.getLong(1);
            }
        }
    }

    private static boolean ownLabelIs(Connection connection, long turn, BundleLabel label) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM labels WHERE turn_id = ? AND labeler = ? AND labeled_at = ?")) {
            query.setLong(1, turn);
            query.setString(2, label.labeler());
            query.setLong(3, label.labeledAt());
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    private static boolean othersChoseOtherwise(Connection connection, long turn, String labeler, Long chosen)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM (SELECT labeler, chosen_candidate_id "
                + "FROM labels WHERE turn_id = ? UNION ALL SELECT labeler, chosen_candidate_id FROM merged_labels "
                + "WHERE turn_id = ?) WHERE labeler <> ? AND chosen_candidate_id IS NOT ?")) {
            query.setLong(1, turn);
            query.setLong(2, turn);
            query.setString(3, labeler);
            Rows.setLong(query, 4, chosen);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    private static String candidateUid(Connection connection, long id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT uid FROM candidates WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new StoreException("Reply " + id + " is labeled but no longer stored.");
                }
                return row.getString(1);
            }
        }
    }
}
