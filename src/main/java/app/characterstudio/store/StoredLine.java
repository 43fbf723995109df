package app.characterstudio.store;

/** A script line as stored, with its row id (consecutive within a source, in file order). */
public record StoredLine(long id, long sourceId, ScriptLine line) {
}
