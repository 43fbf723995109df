package app.characterstudio.script;

/**
 * A speaker of the imported scripts, how many lines they have, and the persona their name links to.
 *
 * @param personaId empty when no persona has this name among its script names
 */
public record SpeakerCount(String speaker, int lines, String personaId) {
    public boolean linked() {
        return !personaId.isEmpty();
    }
}
