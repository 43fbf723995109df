package app.characterstudio.ui.script;

import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.script.ScriptLibrary;
import app.characterstudio.store.StoredLine;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Browses a character's lines by scene, each scene whole, optionally only scenes whose lines contain a text. */
public final class ScriptBrowserViewModel {
    private static final int MAX_SCENES = 200;
    private final ScriptLibrary library;
    private final PersonaRepository personas;
    private final ObservableList<CharacterChoice> characters = FXCollections.observableArrayList();
    private final ObjectProperty<CharacterChoice> character = new SimpleObjectProperty<>();
    private final StringProperty filter = new SimpleStringProperty("");
    private final ObservableList<Scene> scenes = FXCollections.observableArrayList();
    private final StringProperty summary = new SimpleStringProperty("");

    /** One scene of a source: its lines in order; {@code characterLines} of them are the character's. */
    public record Scene(String source, int number, List<StoredLine> lines, int characterLines) {
    }

    public ScriptBrowserViewModel(ScriptLibrary library, PersonaRepository personas) {
        this.library = library;
        this.personas = personas;
    }

    public ObservableList<CharacterChoice> characters() {
        return characters;
    }

    public ObjectProperty<CharacterChoice> characterProperty() {
        return character;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ObservableList<Scene> scenes() {
        return scenes;
    }

    public StringProperty summaryProperty() {
        return summary;
    }

    public void refreshCharacters() {
        CharacterChoice.refresh(characters, character, personas, library);
    }

    public void search() {
        CharacterChoice chosen = character.get();
        if (chosen == null) {
            scenes.clear();
            summary.set("Import scripts first.");
            return;
        }
        List<StoredLine> lines = library.scenesOf(chosen.scriptNames(), filter.get(), MAX_SCENES);
        List<Scene> grouped = new ArrayList<>();
        List<StoredLine> current = new ArrayList<>();
        for (StoredLine line : lines) {
            if (!current.isEmpty() && (current.get(0).sourceId() != line.sourceId()
                    || current.get(0).line().scene() != line.line().scene())) {
                grouped.add(scene(current, chosen));
                current = new ArrayList<>();
            }
            current.add(line);
        }
        if (!current.isEmpty()) {
            grouped.add(scene(current, chosen));
        }
        scenes.setAll(grouped);
        int spoken = grouped.stream().mapToInt(Scene::characterLines).sum();
        summary.set(grouped.size() + (grouped.size() == MAX_SCENES ? "+" : "") + " scenes, " + spoken + " lines of "
                + chosen.name());
    }

    private Scene scene(List<StoredLine> lines, CharacterChoice chosen) {
        int spoken = (int) lines.stream().filter(l -> chosen.scriptNames().contains(l.line().speaker())).count();
        return new Scene(library.sourceName(lines.get(0).sourceId()), lines.get(0).line().scene(), List.copyOf(lines),
                spoken);
    }
}
