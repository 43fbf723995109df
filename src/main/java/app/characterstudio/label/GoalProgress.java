package app.characterstudio.label;

/**
 * A character's labeling progress toward its goal.
 *
 * @param goal labeled turns to reach; 0 when no goal is set
 */
public record GoalProgress(String characterId, int labeledTurns, int unlabeledTurns, int goal) {
    /** Labeled turns as a share of the goal, 0 to 1 (1 once reached); of all turns when there is no goal. */
    public double fraction() {
        int target = goal > 0 ? goal : labeledTurns + unlabeledTurns;
        return target == 0 ? 0 : Math.min(1.0, (double) labeledTurns / target);
    }

    /** e.g. {@code 12/40 (30%)}, or {@code 12/15 labeled} without a goal. */
    public String describe() {
        return goal > 0 ? labeledTurns + "/" + goal + " (" + Math.round(fraction() * 100) + "% of the goal)"
                : labeledTurns + "/" + (labeledTurns + unlabeledTurns) + " labeled (no goal)";
    }
}
