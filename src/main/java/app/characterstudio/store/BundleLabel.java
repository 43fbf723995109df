package app.characterstudio.store;

import java.util.List;

/**
 * A label as written in a label bundle: turns and replies named by their stable ids, so it means the
 * same in every copy of the workspace.
 *
 * @param chosen     the chosen reply's stable id, or null
 * @param rejected   stable ids of rejected replies
 * @param reasons    reason tags as kept in the database
 */
public record BundleLabel(String sessionUid, String turnUid, String characterId, String labeler, String chosen,
                          List<String> rejected, List<String> reasons, String rationale, boolean safetyCase,
                          long labeledAt) {
    public BundleLabel {
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        rationale = rationale == null ? "" : rationale;
    }
}
