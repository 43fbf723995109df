package app.characterstudio.persona;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Persona sheets stored one per folder: {@code characters/<id>/persona.json} (plus avatar). Writes
 * are atomic (temp file + rename); a delete moves the folder to {@code characters/.trash/} so it
 * can be restored.
 */
public final class PersonaRepository {
    public static final String FILE_NAME = "persona.json";
    public static final String TRASH = ".trash";
    private static final Set<String> IMAGE_TYPES = Set.of("png", "jpg", "jpeg", "gif", "webp", "bmp");
    private static final DateTimeFormatter TRASH_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final Path charactersDir;

    public PersonaRepository(Path charactersDir) {
        this.charactersDir = charactersDir.toAbsolutePath().normalize();
    }

    public Path charactersDir() {
        return charactersDir;
    }

    /** The readable personas and, for each folder that could not be read, what is wrong with it. */
    public record Listing(List<Persona> personas, List<String> problems) {
    }

    /** A persona moved to the trash; {@link #restore(Deleted)} brings it back. */
    public record Deleted(String id, String name, Path trashFolder) {
    }

    /** Every persona in the workspace, sorted by name; fails on the first unreadable sheet. */
    public List<Persona> list() {
        Listing listing = scan();
        if (!listing.problems().isEmpty()) {
            throw new PersonaFormatException(listing.problems().get(0));
        }
        return listing.personas();
    }

    /** Every readable persona sorted by name, and the problems of the others (for the window). */
    public Listing scan() {
        List<Persona> personas = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(charactersDir)) {
            return new Listing(personas, problems);
        }
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(charactersDir, Files::isDirectory)) {
            for (Path folder : folders) {
                Path file = folder.resolve(FILE_NAME);
                if (!folder.getFileName().toString().startsWith(".") && Files.isRegularFile(file)) {
                    try {
                        personas.add(read(folder.getFileName().toString(), file));
                    } catch (PersonaFormatException e) {
                        problems.add(e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new PersonaFormatException("Cannot list " + charactersDir + ": " + e.getMessage(), e);
        }
        personas.sort(Comparator.comparing((Persona p) -> p.name().toLowerCase(Locale.ROOT)).thenComparing(Persona::id));
        return new Listing(personas, problems);
    }

    public Optional<Persona> find(String id) {
        if (!PersonaIds.isValid(id) || !PersonaIds.fitsFileNames(id)) {
            return Optional.empty();
        }
        Path file = folderOf(id).resolve(FILE_NAME);
        return Files.isRegularFile(file) ? Optional.of(read(id, file)) : Optional.empty();
    }

    /** The persona {@code id}, or an error naming the id and the characters folder. */
    public Persona get(String id) {
        return find(id).orElseThrow(() -> new PersonaFormatException("No character '" + id + "' in " + charactersDir
                + " (see `persona list`)."));
    }

    public boolean exists(String id) {
        return PersonaIds.isValid(id) && PersonaIds.fitsFileNames(id) && Files.exists(folderOf(id));
    }

    /** Writes {@code persona} atomically (temp file, then rename). */
    public Persona save(Persona persona) {
        if (!PersonaIds.isValid(persona.id())) {
            throw new PersonaFormatException("'" + persona.id() + "' is not a valid persona id (letters, digits, - and _).");
        }
        Path folder = folderOf(persona.id());
        try {
            Files.createDirectories(folder);
            writeAtomically(folder.resolve(FILE_NAME), PersonaJson.write(persona));
            return persona;
        } catch (IOException e) {
            throw new PersonaFormatException("Cannot write " + folder.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    /** A new persona named {@code name} with a fresh id made from it. */
    public Persona create(String name) {
        return save(Persona.named(newId(name), name.strip()));
    }

    /** A free id for a character called {@code name}. */
    public String newId(String name) {
        return PersonaIds.unique(name, this::exists);
    }

    /** A copy of {@code id} (avatar included) under a new id, named "… (copy)". */
    public Persona duplicate(String id) {
        Persona original = get(id);
        String name = original.name() + " (copy)";
        Persona copy = withIdAndName(original, newId(name), name);
        save(copy);
        avatarPath(original).ifPresent(avatar -> copyAvatar(avatar, copy));
        return copy;
    }

    /** Saves imported personas under fresh ids; all or nothing: on failure nothing stays written. */
    public List<Persona> importFile(Path file) {
        return store(PersonaImporter.read(file));
    }

    /** Reads a file to import without storing it: the personas and, for profiles, what each key became. */
    public PersonaImporter.Imported read(Path file) {
        return PersonaImporter.read(file);
    }

    /**
     * The error of one file of a batch that failed with a fault of the studio's own rather than a bad file:
     * the batch reports it as that file's result and goes on with the next file.
     */
    public static String unexpectedFailure(Path file, Throwable e) {
        return file + ": could not be imported, an unexpected " + e + " (please report it with the file); nothing "
                + "was written.";
    }

    /** Saves what an import read; all or nothing. */
    public List<Persona> store(PersonaImporter.Imported imported) {
        List<Persona> created = new ArrayList<>();
        try {
            for (Persona persona : imported.personas()) {
                String id = newId(persona.name());
                String avatar = imported.avatarPng() == null ? "" : "avatar.png";
                Persona stored = withIdAndAvatar(persona, id, avatar);
                Files.createDirectories(folderOf(id));
                created.add(stored);
                if (imported.avatarPng() != null) {
                    writeAtomically(folderOf(id).resolve(avatar), imported.avatarPng());
                }
                save(stored);
            }
            return created;
        } catch (IOException | RuntimeException e) {
            created.forEach(p -> deleteTree(folderOf(p.id())));
            if (e instanceof PersonaFormatException format) {
                throw format;
            }
            throw new PersonaFormatException("Cannot store the import in " + charactersDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Saves what an import read, then runs {@code alongside} with the stored personas (storing what came
     * with them elsewhere); all or nothing: if either fails, no persona stays written.
     */
    public List<Persona> store(PersonaImporter.Imported imported, java.util.function.Consumer<List<Persona>> alongside) {
        List<Persona> created = store(imported);
        try {
            alongside.accept(created);
        } catch (RuntimeException e) {
            created.forEach(p -> deleteTree(folderOf(p.id())));
            throw e;
        }
        return created;
    }

    /** Moves the character's folder to the trash. */
    public Deleted delete(String id) {
        Persona persona = get(id);
        Path trash = charactersDir.resolve(TRASH).resolve(id + "-" + LocalDateTime.now().format(TRASH_TIME));
        try {
            Files.createDirectories(trash.getParent());
            Files.move(folderOf(id), trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PersonaFormatException("Cannot move " + folderOf(id) + " to the trash: " + e.getMessage(), e);
        }
        return new Deleted(id, persona.name(), trash);
    }

    /** Brings a deleted character back (under a new id if its old one has been taken since). */
    public Persona restore(Deleted deleted) {
        String id = exists(deleted.id()) ? newId(deleted.name()) : deleted.id();
        try {
            Files.move(deleted.trashFolder(), folderOf(id), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PersonaFormatException("Cannot restore " + deleted.trashFolder() + ": " + e.getMessage(), e);
        }
        Persona restored = read(id, folderOf(id).resolve(FILE_NAME));
        return id.equals(restored.id()) ? restored : save(withIdAndName(restored, id, restored.name()));
    }

    /** The avatar image file of {@code persona}, if it has one on disk. */
    public Optional<Path> avatarPath(Persona persona) {
        if (persona.avatar().isEmpty() || !PersonaIds.isValid(persona.id()) || !PersonaIds.fitsFileNames(persona.id())) {
            return Optional.empty();
        }
        Path file = folderOf(persona.id()).resolve(persona.avatar()).normalize();
        return file.getParent().equals(folderOf(persona.id())) && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Copies {@code image} in as the avatar of {@code id} and saves the persona pointing at it. */
    public Persona setAvatar(String id, Path image) {
        String name = image.getFileName().toString();
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (!IMAGE_TYPES.contains(extension)) {
            throw new PersonaFormatException(image + ": not an image the studio takes as an avatar (png, jpg, gif, webp, bmp).");
        }
        Persona persona = get(id);
        byte[] bytes = PersonaInput.readBytes(image);
        try {
            writeAtomically(folderOf(id).resolve("avatar." + extension), bytes);
        } catch (IOException e) {
            throw new PersonaFormatException("Cannot write the avatar of " + id + ": " + e.getMessage(), e);
        }
        Persona updated = withIdAndAvatar(persona, id, "avatar." + extension);
        save(updated);
        if (!persona.avatar().isEmpty() && !persona.avatar().equals(updated.avatar())) {
            avatarPath(persona).ifPresent(old -> deleteTree(old));
        }
        return updated;
    }

    /** Exports {@code id} in {@code format} to {@code target}, atomically. */
    public void export(String id, ExportFormat format, Path target) {
        Persona persona = get(id);
        byte[] avatar = avatarPath(persona).map(PersonaInput::readBytes).orElse(null);
        byte[] bytes = PersonaExporter.export(persona, format, avatar);
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            writeAtomically(target.toAbsolutePath(), bytes);
        } catch (IOException e) {
            throw new PersonaFormatException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    public Path folderOf(String id) {
        if (!PersonaIds.fitsFileNames(id)) {
            throw new PersonaFormatException("'" + id + "' cannot be a folder name here: Java was started under a "
                    + "locale whose file names are " + PersonaIds.fileNameEncoding() + " (start the studio with ./studio, "
                    + "or set LC_ALL=C.UTF-8).");
        }
        Path folder = charactersDir.resolve(id).normalize();
        if (!charactersDir.equals(folder.getParent())) {
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

    private Persona read(String folderName, Path file) {
        Persona persona = PersonaJson.read(PersonaInput.readBytes(file), file.toString());
        // the folder is the truth for the id: a hand-copied folder still opens as itself
        return persona.id().equals(folderName) ? persona : withIdAndAvatar(persona, folderName, persona.avatar());
    }

    private void copyAvatar(Path avatar, Persona copy) {
        try {
            Files.copy(avatar, folderOf(copy.id()).resolve(avatar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new PersonaFormatException("Cannot copy the avatar " + avatar + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new PersonaFormatException("Cannot remove " + path + ": " + e.getMessage(), e);
        }
    }

    static Persona withIdAndName(Persona p, String id, String name) {
        return p.toBuilder().id(id).name(name).build();
    }

    static Persona withIdAndAvatar(Persona p, String id, String avatar) {
        return p.toBuilder().id(id).avatar(avatar).build();
    }
}
