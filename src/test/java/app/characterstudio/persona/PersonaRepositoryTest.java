package app.characterstudio.persona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonaRepositoryTest {
    @TempDir
    Path dir;

    private PersonaRepository repository() {
        return new PersonaRepository(dir.resolve("characters"));
    }

    @Test
    void savesAndReadsEveryFieldWithStableKeyOrderAndNoTempFiles() throws Exception {
        PersonaRepository repository = repository();
        Persona persona = PersonaFixtures.full("shen");
        repository.save(persona);
        assertEquals(persona, repository.get("shen"));
        Path file = dir.resolve("characters/shen/persona.json");
        String json = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"name\" : \"沈青禾\""), "human-readable UTF-8, not escaped: " + json);
        List<String> keys = new ArrayList<>();
        PersonaJson.mapper().readTree(json).fieldNames().forEachRemaining(keys::add);
        assertEquals(PersonaJson.KEYS, keys);
        repository.save(persona);
        assertEquals(json, Files.readString(file, StandardCharsets.UTF_8), "saving twice writes the same bytes");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of("persona.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void unknownKeyInOwnSheetIsRejectedNamingKeyAndFile() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("characters/x"));
        Files.writeString(folder.resolve("persona.json"), "{\n  \"name\": \"X\",\n  \"mood\": \"grumpy\"\n}");
        PersonaFormatException e = assertThrows(PersonaFormatException.class, () -> repository().get("x"));
        assertTrue(e.getMessage().contains("unknown key 'mood'") && e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains(folder.resolve("persona.json").toString()), e.getMessage());
        PersonaRepository.Listing listing = repository().scan();
        assertTrue(listing.personas().isEmpty());
        assertEquals(1, listing.problems().size());
    }

    @Test
    void createGivesUniqueSafeIds() {
        PersonaRepository repository = repository();
        assertEquals("mira", repository.create("Mira").id());
        assertEquals("mira-2", repository.create("mira").id());
        Persona escape = repository.create("../../x");
        assertEquals("x", escape.id());
        assertTrue(Files.isDirectory(dir.resolve("characters/x")));
        assertEquals("con-character", repository.create("con").id());
        assertEquals("沈青禾", repository.create("沈青禾").id());
        assertEquals(5, repository.list().size());
    }

    @Test
    void deleteMovesToTrashAndRestoreBringsItBack() {
        PersonaRepository repository = repository();
        repository.save(PersonaFixtures.full("shen"));
        PersonaRepository.Deleted deleted = repository.delete("shen");
        assertFalse(repository.exists("shen"));
        assertTrue(repository.list().isEmpty(), "the trash is not listed");
        assertTrue(Files.isDirectory(deleted.trashFolder()));
        Persona restored = repository.restore(deleted);
        assertEquals(PersonaFixtures.full("shen"), restored);
        assertFalse(Files.exists(deleted.trashFolder()));
    }

    @Test
    void restoreUnderNewIdWhenTheOldOneWasTaken() {
        PersonaRepository repository = repository();
        repository.save(PersonaFixtures.full("shen"));
        PersonaRepository.Deleted deleted = repository.delete("shen");
        repository.save(Persona.named("shen", "Someone else"));
        Persona restored = repository.restore(deleted);
        assertEquals("沈青禾", restored.id());
        assertEquals("沈青禾", repository.get("沈青禾").id());
        assertEquals("Someone else", repository.get("shen").name());
    }

    @Test
    void duplicateCopiesFieldsAndAvatar() throws Exception {
        PersonaRepository repository = repository();
        repository.save(PersonaFixtures.full("shen"));
        Path image = dir.resolve("face.png");
        Files.write(image, PlainImage.forName("x"));
        repository.setAvatar("shen", image);
        Persona copy = repository.duplicate("shen");
        assertEquals("沈青禾 (copy)", copy.name());
        assertEquals("avatar.png", copy.avatar());
        assertTrue(repository.avatarPath(copy).isPresent());
        assertEquals(2, repository.list().size());
    }

    @Test
    void setAvatarRefusesNonImagesAndWritesNothing() throws Exception {
        PersonaRepository repository = repository();
        repository.save(PersonaFixtures.full("shen"));
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThrows(PersonaFormatException.class, () -> repository.setAvatar("shen", text));
        assertEquals("", repository.get("shen").avatar());
    }

    @Test
    void invalidIdsAreRefused() {
        PersonaRepository repository = repository();
        assertThrows(PersonaFormatException.class, () -> repository.save(Persona.named("../x", "X")));
        assertTrue(repository.find("../x").isEmpty());
        PersonaFormatException e = assertThrows(PersonaFormatException.class, () -> repository.get("nobody"));
        assertTrue(e.getMessage().contains("nobody"));
    }

    @Test
    void exportJsonIsOurSheet() throws Exception {
        PersonaRepository repository = repository();
        repository.save(PersonaFixtures.full("shen"));
        Path out = dir.resolve("out/shen.json");
        repository.export("shen", ExportFormat.JSON, out);
        JsonNode tree = PersonaJson.mapper().readTree(out.toFile());
        assertEquals("沈青禾", tree.get("name").asText());
        assertEquals(PersonaFixtures.full("shen"), PersonaJson.read(Files.readAllBytes(out), out.toString()));
    }

    @Test
    void sampleWorkspaceHasAChineseAndAnEnglishCharacterInCanonicalForm() throws Exception {
        PersonaRepository samples = new PersonaRepository(Path.of("characters"));
        List<Persona> personas = samples.list();
        assertTrue(personas.size() >= 2, "sample characters under characters/");
        assertTrue(personas.stream().anyMatch(p -> p.name().equals("林知夏") && !p.biography().isEmpty()
                && !p.relationships().isEmpty() && !p.exampleLines().isEmpty()));
        assertTrue(personas.stream().anyMatch(p -> p.name().equals("Hollis Quill")));
        for (Persona persona : personas) {
            Path file = samples.folderOf(persona.id()).resolve(PersonaRepository.FILE_NAME);
            assertEquals(Files.readString(file), new String(PersonaJson.write(persona), StandardCharsets.UTF_8),
                    file + " is exactly as the studio writes it");
        }
    }
}
