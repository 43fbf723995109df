package app.characterstudio.store;

/**
 * One version of a prompt template.
 *
 * @param characterId the character it belongs to, or null for the default of every character
 */
public record StoredTemplate(long id, String characterId, String name, int version, String body, long createdAt) {
}
