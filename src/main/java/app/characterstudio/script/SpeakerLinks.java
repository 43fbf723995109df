package app.characterstudio.script;

import app.characterstudio.persona.Persona;
import java.util.ArrayList;
import java.util.List;

/** Links a script speaker to a persona by adding the speaker's name to the persona's aliases. */
public final class SpeakerLinks {
    private SpeakerLinks() {
    }

    /** {@code persona} with {@code speaker} among its script names (unchanged when it already is). */
    public static Persona link(Persona persona, String speaker) {
        if (persona.scriptNames().contains(speaker)) {
            return persona;
        }
        List<String> aliases = new ArrayList<>(persona.aliases());
        aliases.add(speaker);
        return persona.withAliases(aliases);
    }
}
