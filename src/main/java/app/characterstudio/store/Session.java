package app.characterstudio.store;

/** A chat session with one character. Times are Unix milliseconds. */
public record Session(long id, String characterId, String title, String userName, long createdAt, long updatedAt) {
}
