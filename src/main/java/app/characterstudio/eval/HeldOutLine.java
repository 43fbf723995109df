package app.characterstudio.eval;

/** A script line that is an item's reference: kept out of the exchanges retrieved while a run answers the set. */
public record HeldOutLine(String source, int line) {
    /** Whether an exchange of {@code exchangeSource} spanning lines [first, last] would show this line. */
    boolean within(String exchangeSource, int first, int last) {
        return source.equals(exchangeSource) && line >= first && line <= last;
    }
}
