package app.characterstudio.ui.script;

import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.script.ScriptLibrary;
import app.characterstudio.script.SpeakerCount;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ObservableList;

/**
 * A character to browse or retrieve for: a persona (all its script names) or an unlinked speaker.
 *
 * @param name the name written in prompts ({@code ${role_name}})
 */
public record CharacterChoice(String label, String name, List<String> scriptNames) {
    public CharacterChoice {
        scriptNames = List.copyOf(scriptNames);
    }

    /** Personas first, then the speakers no persona claims. */
    public static List<CharacterChoice> of(List<Persona> personas, List<SpeakerCount> speakers) {
        List<CharacterChoice> choices = new ArrayList<>();
        for (Persona persona : personas) {
            choices.add(new CharacterChoice(persona.name() + " (persona)", persona.name(), persona.scriptNames()));
        }
        for (SpeakerCount speaker : speakers) {
            if (!speaker.linked()) {
                choices.add(new CharacterChoice(speaker.speaker() + " (" + speaker.lines() + " lines)", speaker.speaker(),
                        List.of(speaker.speaker())));
            }
        }
        return choices;
    }

    /**
     * Reloads {@code choices} from the workspace, keeping {@code selection} when it is still there and
     * otherwise selecting the first choice.
     */
    public static void refresh(ObservableList<CharacterChoice> choices, ObjectProperty<CharacterChoice> selection,
                               PersonaRepository personas, ScriptLibrary library) {
        CharacterChoice selected = selection.get();
        List<Persona> all = personas.list();
        choices.setAll(of(all, library.speakers(all)));
        selection.set(selected != null && choices.contains(selected) ? selected
                : choices.isEmpty() ? null : choices.get(0));
    }

    @Override
    public String toString() {
        return label;
    }
}
