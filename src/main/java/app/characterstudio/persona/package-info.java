/**
 * Persona sheets: the {@link app.characterstudio.persona.Persona} record (built with
 * {@link app.characterstudio.persona.Persona#builder}), one folder per character under {@code characters/}
 * ({@link app.characterstudio.persona.PersonaRepository}, with a trash for undo), the persona block of the prompt
 * ({@link app.characterstudio.persona.PersonaRenderer}), and import and export of character cards V1/V2/V3 (JSON or
 * PNG), Chinese profiles and the model's own character files. Hostile input becomes a
 * {@link app.characterstudio.persona.PersonaFormatException} naming the file.
 */
package app.characterstudio.persona;
