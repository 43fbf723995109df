package app.characterstudio.store;

/**
 * One version of a prompt template.
 *
 * @param characterId the character it belongs to, or null for the default of every character
 * @param layout      how its placeholders were filled when it was in force ({@code chat.PromptTemplate.LAYOUT}
 *                    names the current one); a new layout makes a new version of the same body
 */
public record StoredTemplate(long id, String characterId, String name, int version, String body, long createdAt,
                             int layout) {
}
