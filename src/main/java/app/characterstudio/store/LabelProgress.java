package app.characterstudio.store;

/** Of a character's turns that have replies, how many have a chosen reply and how many do not. */
public record LabelProgress(String characterId, int labeledTurns, int unlabeledTurns) {
    public int totalTurns() {
        return labeledTurns + unlabeledTurns;
    }
}
