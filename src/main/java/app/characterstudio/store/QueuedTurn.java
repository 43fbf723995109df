package app.characterstudio.store;

/** A turn with replies but no chosen reply yet, as the labeling queue offers it. */
public record QueuedTurn(String characterId, long sessionId, long turnId, String userText) {
}
