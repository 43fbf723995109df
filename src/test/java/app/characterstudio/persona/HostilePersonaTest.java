package app.characterstudio.persona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, items 4 and 14: hostile cards are clear errors; long names still get ids. */
class HostilePersonaTest {
    @TempDir
    Path dir;

    static String cardWithNicknames(String nicknamesJson) {
        return "{\"spec\":\"chara_card_v2\",\"spec_version\":\"2.0\",\"data\":{\"name\":\"Mira\",\"nickname\":\"Mi\","
                + "\"extensions\":{\"character_studio\":{\"nicknames\":" + nicknamesJson + "}}}}";
    }

    private PersonaFormatException refused(String json) throws Exception {
        Path characters = dir.resolve("characters");
        PersonaRepository repository = new PersonaRepository(characters);
        Path file = dir.resolve("card.json");
        Files.writeString(file, json);
        PersonaFormatException e = assertThrows(PersonaFormatException.class, () -> repository.importFile(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(!Files.exists(characters) || isEmpty(characters), "nothing written");
        return e;
    }

    private static boolean isEmpty(Path folder) throws Exception {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    @Test
    void nicknamesAsAnObjectIsAClearError() throws Exception {
        PersonaFormatException e = refused(cardWithNicknames("{\"a\":\"b\"}"));
        assertTrue(e.getMessage().contains("nicknames"), e.getMessage());
    }

    @Test
    void everyPersonaOnlyExtensionFieldOfTheWrongShapeIsAClearError() throws Exception {
        refused(cardWithNicknames("[{\"x\":1}]"));
        refused(cardWithNicknames("\"Mi\""));
        refused("{\"spec\":\"chara_card_v2\",\"data\":{\"name\":\"Mira\",\"extensions\":{\"character_studio\":"
                + "{\"relationships\":{\"a\":1}}}}}");
        refused("{\"spec\":\"chara_card_v2\",\"data\":{\"name\":\"Mira\",\"extensions\":{\"character_studio\":"
                + "{\"gender\":[1,2]}}}}");
    }

    @Test
    void nicknamesAsAListStillImports() throws Exception {
        PersonaRepository repository = new PersonaRepository(dir.resolve("characters"));
        Path file = dir.resolve("ok.json");
        Files.writeString(file, cardWithNicknames("[\"Mimi\",\"M\"]"));
        Persona persona = repository.importFile(file).get(0);
        assertEquals(List.of("Mi", "Mimi", "M"), persona.nicknames());
    }

    @Test
    void aNameWhoseIdFillsSixtyFourCharactersCanBeCreatedImportedAndDuplicatedAgain() throws Exception {
        PersonaRepository repository = new PersonaRepository(dir.resolve("characters"));
        String name = "a".repeat(80);
        Persona first = repository.create(name);
        assertEquals(64, first.id().length());
        Persona second = repository.create(name);
        Persona third = repository.create(name);
        assertTrue(PersonaIds.isValid(second.id()) && second.id().length() <= 64, second.id());
        assertTrue(second.id().endsWith("-2") && third.id().endsWith("-3"), second.id() + " " + third.id());
        Persona copy = repository.duplicate(first.id());
        assertTrue(PersonaIds.isValid(copy.id()) && copy.id().length() <= 64, copy.id());
        assertEquals(repository.duplicate(first.id()).name(), copy.name());
        Path file = dir.resolve("long.json");
        Files.writeString(file, "{\"name\":\"" + name + "\",\"description\":\"d\"}", StandardCharsets.UTF_8);
        Persona imported = repository.importFile(file).get(0);
        assertTrue(PersonaIds.isValid(imported.id()) && imported.id().length() <= 64, imported.id());
        assertEquals(6, repository.list().size());
    }

    @Test
    void uniqueIdsKeepWithinTheLimitForEveryScript() {
        String base = "张".repeat(70);
        String id = PersonaIds.unique(base, candidate -> !candidate.endsWith("-12"));
        assertTrue(id.endsWith("-12") && id.codePointCount(0, id.length()) <= 64 && PersonaIds.isValid(id), id);
    }

    @Test
    void idsStayUnicodeWhereFileNamesCanHoldThemAndFallBackWhereTheyCannot() {
        java.nio.charset.Charset ascii = StandardCharsets.US_ASCII;
        assertEquals("张三", PersonaIds.unique("张三", id -> false, StandardCharsets.UTF_8));
        assertEquals("character", PersonaIds.unique("张三", id -> false, ascii));
        assertEquals("character-2", PersonaIds.unique("张三", id -> id.equals("character"), ascii));
        assertEquals("emile-zola", PersonaIds.unique("Émile Zola", id -> false, ascii));
        assertEquals("mira", PersonaIds.unique("Mira 米拉", id -> false, ascii));
        assertEquals("mira-米拉", PersonaIds.unique("Mira 米拉", id -> false, StandardCharsets.UTF_8));
    }
}
