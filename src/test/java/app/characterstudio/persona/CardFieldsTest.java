package app.characterstudio.persona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CardFieldsTest {
    private static ObjectNode card(String json) throws Exception {
        return (ObjectNode) PersonaJson.mapper().readTree(json);
    }

    private static List<String> keys(ObjectNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void readsTheExportersKeysAndMissingOnesAsEmpty() throws Exception {
        CardFields fields = CardFields.of(card("{\"scenario\":\"a ship\",\"first_mes\":\"Hi.\","
                + "\"alternate_greetings\":[\"Yo.\",\"\",\"Line one\\nline two\"],\"creator\":\"me\"}"));
        assertEquals(new CardFields("a ship", "Hi.", List.of("Yo.", "Line one\nline two"), "", "", "me", ""), fields);
        assertEquals(new CardFields("", "", List.of(), "", "", "", ""), CardFields.of(card("{}")));
        assertEquals("", CardFields.of(card("{\"scenario\":null}")).scenario());
    }

    @Test
    void writingChangesOnlyEditedKeysInPlace() throws Exception {
        ObjectNode before = card("{\"extensions\":{\"x\":[1,{\"y\":2}]},\"scenario\":\"old\",\"character_book\":"
                + "{\"entries\":[]},\"creator\":7,\"alternate_greetings\":[\"a\",\"\"],\"zz\":true}");
        ObjectNode original = before.deepCopy();
        CardFields read = CardFields.of(before);
        assertEquals(before, read.writeTo(before), "writing what was read changes nothing, odd values included");
        assertEquals("7", read.creator());

        CardFields edited = new CardFields("new", "", read.alternateGreetings(), "", "", read.creator(), "");
        ObjectNode after = edited.writeTo(before);
        assertEquals(original, before, "the input card is not modified");
        assertEquals(keys(before), keys(after), "same keys in the same order; empty values are not added");
        assertEquals("new", after.get("scenario").asText());
        assertEquals(before.get("extensions"), after.get("extensions"));
        assertEquals(before.get("character_book"), after.get("character_book"));
        assertTrue(after.get("creator").isInt(), "an unedited non-text value keeps its type");
        assertEquals("[\"a\",\"\"]", after.get("alternate_greetings").toString(), "unedited greetings stay verbatim");

        ObjectNode more = new CardFields("new", "Hello.", List.of("b"), "", "", "", "2.0").writeTo(after);
        assertEquals(List.of("extensions", "scenario", "character_book", "creator", "alternate_greetings", "zz",
                "first_mes", "character_version"), keys(more), "new keys go to the end, old ones stay in place");
        assertEquals("[\"b\"]", more.get("alternate_greetings").toString());
        assertEquals("", more.get("creator").asText(), "a cleared field that was there is written empty");
    }

    @Test
    void applyToKeepsEverythingButTheCard() {
        Persona persona = Persona.named("a", "Ann");
        Persona same = CardFields.of(persona).applyTo(persona);
        assertEquals(persona, same);
        assertFalse(same.card().has("scenario"));
        Persona edited = new CardFields("s", "", List.of(), "", "", "", "").applyTo(persona);
        assertEquals("s", edited.card().get("scenario").asText());
        assertSame(persona.name(), edited.name());
    }
}
