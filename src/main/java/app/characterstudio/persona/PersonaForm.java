package app.characterstudio.persona;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a persona's prompt block ({@code 以下是<name>的人设：} and what follows) is made of. */
public enum PersonaForm {
    /** One {@code key：value} line per filled field ({@link PersonaRenderer}). */
    @JsonProperty("fields")
    FIELDS,
    /** {@link Persona#personaText()} verbatim, as the Character model's own {@code role_info}. */
    @JsonProperty("text")
    TEXT
}
