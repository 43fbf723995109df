package app.characterstudio.persona;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Persona sheets stored one per folder: {@code characters/<id>/persona.json} (plus avatar). */
public final class PersonaRepository {
    public static final String FILE_NAME = "persona.json";

    private final Path charactersDir;

    public PersonaRepository(Path charactersDir) {
        this.charactersDir = charactersDir;
    }

    public Path charactersDir() {
        return charactersDir;
    }

    /** Every persona in the workspace, sorted by name. */
    public List<Persona> list() {
        List<Persona> personas = new ArrayList<>();
        if (!Files.isDirectory(charactersDir)) {
            return personas;
        }
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(charactersDir, Files::isDirectory)) {
            for (Path folder : folders) {
                if (Files.isRegularFile(folder.resolve(FILE_NAME))) {
                    personas.add(read(folder.resolve(FILE_NAME)));
                }
            }
        } catch (IOException e) {
            throw new PersonaFormatException("Cannot list " + charactersDir + ": " + e.getMessage(), e);
        }
        personas.sort(Comparator.comparing(Persona::name).thenComparing(Persona::id));
        return personas;
    }

    public Optional<Persona> find(String id) {
        if (!PersonaIds.isValid(id)) {
            return Optional.empty();
        }
        Path file = folderOf(id).resolve(FILE_NAME);
        return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
    }

    public boolean exists(String id) {
        return PersonaIds.isValid(id) && Files.isRegularFile(folderOf(id).resolve(FILE_NAME));
    }

    /** Writes {@code persona} atomically (temp file, then rename). */
    public Persona save(Persona persona) {
        if (!PersonaIds.isValid(persona.id())) {
            throw new PersonaFormatException("'" + persona.id() + "' is not a valid persona id (letters, digits, - and _).");
        }
        Path folder = folderOf(persona.id());
        try {
            Files.createDirectories(folder);
            byte[] json = PersonaJson.mapper().writeValueAsBytes(persona);
            writeAtomically(folder.resolve(FILE_NAME), json);
            return persona;
        } catch (IOException e) {
            throw new PersonaFormatException("Cannot write " + folder.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    public Path folderOf(String id) {
        Path folder = charactersDir.resolve(id).normalize();
        if (!folder.getParent().equals(charactersDir.normalize())) {
            throw new PersonaFormatException("'" + id + "' would leave the characters folder.");
        }
        return folder;
    }

    /** Writes {@code bytes} to a temporary sibling, then moves it over {@code target} in one step. */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Persona read(Path file) {
        try {
            String json = Files.readString(file, StandardCharsets.UTF_8);
            return PersonaJson.mapper().readValue(json, Persona.class);
        } catch (IOException e) {
            throw new PersonaFormatException(file + " is not a readable persona sheet: " + e.getMessage(), e);
        }
    }
}
