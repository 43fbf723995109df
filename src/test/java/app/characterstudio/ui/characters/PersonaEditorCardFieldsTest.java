package app.characterstudio.ui.characters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.persona.CardFields;
import app.characterstudio.persona.ExportFormat;
import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaJson;
import app.characterstudio.persona.PersonaRepository;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The character-card fields in the persona editor: edit, save, reload, export; the rest of the card untouched. */
class PersonaEditorCardFieldsTest {
    @TempDir
    Path dir;

    private PersonaRepository repository;

    private Persona importedCard() throws Exception {
        repository = new PersonaRepository(dir.resolve("characters"));
        Path card = dir.resolve("card-v2.json");
        try (InputStream in = getClass().getResourceAsStream("/persona/card-v2.json")) {
            Files.write(card, in.readAllBytes());
        }
        return repository.importFile(card).get(0);
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private JsonNode exported(String id, ExportFormat format) throws Exception {
        Path file = dir.resolve("out-" + format.label() + ".json");
        repository.export(id, format, file);
        return PersonaJson.mapper().readTree(file.toFile()).get("data");
    }

    @Test
    void theImportedCardFieldsShowInTheEditor() throws Exception {
        PersonaEditorViewModel editor = new PersonaEditorViewModel(null);
        editor.load(importedCard());
        assertEquals("{{user}} signs on as the Kestrel's new engineer.", editor.field(PersonaField.SCENARIO).get());
        assertEquals("You're late. The reactor isn't going to flirt with itself.",
                editor.field(PersonaField.FIRST_MESSAGE).get());
        assertEquals(List.of("Engine room. Now.", "Coffee's in the galley, if the galley still exists."),
                editor.alternateGreetings().stream().map(javafx.beans.property.StringProperty::get).toList());
        assertEquals("Write {{char}}'s next reply.", editor.field(PersonaField.SYSTEM_PROMPT).get());
        assertEquals("Stay in character.", editor.field(PersonaField.POST_HISTORY_INSTRUCTIONS).get());
        assertEquals("studio tests", editor.field(PersonaField.CREATOR).get());
        assertEquals("1.2", editor.field(PersonaField.CHARACTER_VERSION).get());
        assertFalse(editor.dirtyProperty().get());
        assertEquals("Also kept from the imported card and written back on export: character_book, extensions.",
                editor.keptCardKeysProperty().get());
    }

    @Test
    void everyCardFieldEditIsSavedReloadedAndExportedWithTheRestOfTheCardUntouched() throws Exception {
        Persona imported = importedCard();
        ObjectNode cardBefore = imported.card().deepCopy();
        PersonaEditorViewModel editor = new PersonaEditorViewModel(repository);
        editor.load(imported);

        editor.field(PersonaField.SCENARIO).set("A storm hits the belt.\nThe Kestrel is adrift.");
        assertTrue(editor.dirtyProperty().get(), "a card field edit is an unsaved change");
        editor.field(PersonaField.FIRST_MESSAGE).set("Hold on to something.");
        editor.alternateGreetings().get(0).set("Engine room.\nNow, engineer.");
        editor.removeGreeting(editor.alternateGreetings().get(1));
        editor.addGreeting().set("Third greeting.");
        editor.addGreeting();
        editor.field(PersonaField.SYSTEM_PROMPT).set("Reply as {{char}} only.");
        editor.field(PersonaField.POST_HISTORY_INSTRUCTIONS).set("Keep it short.");
        editor.field(PersonaField.CREATOR).set("a creator");
        editor.field(PersonaField.CHARACTER_VERSION).set("1.3");
        assertTrue(editor.save(), editor.statusProperty().get());
        assertFalse(editor.dirtyProperty().get());

        CardFields expected = new CardFields("A storm hits the belt.\nThe Kestrel is adrift.", "Hold on to something.",
                List.of("Engine room.\nNow, engineer.", "Third greeting."), "Reply as {{char}} only.", "Keep it short.",
                "a creator", "1.3");
        Persona reloaded = repository.get(imported.id());
        assertEquals(expected, CardFields.of(reloaded));
        assertEquals(keys(cardBefore), keys(reloaded.card()), "no card key dropped, added or moved");
        for (String key : List.of("character_book", "extensions")) {
            assertEquals(cardBefore.get(key), reloaded.card().get(key), key + " is the same JSON tree");
        }
        assertEquals(imported.biography(), reloaded.biography());

        PersonaEditorViewModel reopened = new PersonaEditorViewModel(repository);
        reopened.load(reloaded);
        assertEquals("Hold on to something.", reopened.field(PersonaField.FIRST_MESSAGE).get());
        assertEquals(2, reopened.alternateGreetings().size());
        assertFalse(reopened.dirtyProperty().get());

        for (ExportFormat format : List.of(ExportFormat.CARD_V2, ExportFormat.CARD_V3)) {
            JsonNode data = exported(imported.id(), format);
            assertEquals(expected.scenario(), data.get("scenario").asText(), format.label());
            assertEquals(expected.firstMessage(), data.get("first_mes").asText(), format.label());
            assertEquals("[\"Engine room.\\nNow, engineer.\",\"Third greeting.\"]",
                    data.get("alternate_greetings").toString(), format.label());
            assertEquals(expected.systemPrompt(), data.get("system_prompt").asText(), format.label());
            assertEquals(expected.postHistoryInstructions(), data.get("post_history_instructions").asText());
            assertEquals("a creator", data.get("creator").asText(), format.label());
            assertEquals("1.3", data.get("character_version").asText(), format.label());
            assertEquals(cardBefore.get("character_book"), data.get("character_book"), format.label());
            assertEquals(cardBefore.get("extensions"), data.get("extensions"), format.label());
        }
    }

    @Test
    void emptyGreetingsAndUntouchedFieldsChangeNothing() throws Exception {
        Persona imported = importedCard();
        PersonaEditorViewModel editor = new PersonaEditorViewModel(repository);
        editor.load(imported);
        editor.addGreeting().set("   ");
        assertFalse(editor.dirtyProperty().get(), "a blank greeting is not a change");
        assertEquals(imported, editor.current());
        editor.field(PersonaField.CREATOR).set("someone else");
        editor.discard();
        assertEquals("studio tests", editor.field(PersonaField.CREATOR).get());
        assertEquals(2, editor.alternateGreetings().size(), "discard restores the greetings");
        assertFalse(editor.dirtyProperty().get());
    }

    @Test
    void anOverlongGreetingIsRefusedAndNamed() throws Exception {
        Persona imported = importedCard();
        PersonaEditorViewModel editor = new PersonaEditorViewModel(repository);
        editor.load(imported);
        editor.addGreeting().set("x".repeat(app.characterstudio.persona.PersonaInput.MAX_FIELD_CHARS + 1));
        assertTrue(editor.linesErrorProperty().get().startsWith("Alternate greeting 3 is longer than"),
                editor.linesErrorProperty().get());
        assertFalse(editor.save());
        assertEquals(imported, repository.get(imported.id()));
        editor.discard();
    }

    @Test
    void aPersonaWithoutACardGetsOnlyTheKeysThatWereFilled() {
        repository = new PersonaRepository(dir.resolve("characters"));
        Persona ann = repository.create("Ann");
        PersonaEditorViewModel editor = new PersonaEditorViewModel(repository);
        editor.load(ann);
        assertEquals("", editor.keptCardKeysProperty().get());
        editor.field(PersonaField.FIRST_MESSAGE).set("Hello there.");
        assertTrue(editor.save());
        assertEquals(List.of("first_mes"), keys(repository.get(ann.id()).card()));
    }
}
