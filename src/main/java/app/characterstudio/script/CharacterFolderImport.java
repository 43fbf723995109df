package app.characterstudio.script;

import app.characterstudio.persona.ImportReview;
import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaImporter;
import app.characterstudio.persona.PersonaInput;
import app.characterstudio.persona.PersonaRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Persona import for the window and {@code persona import} alike. Any persona file goes to the
 * persona room; the Index-1.9B role-play character file ({@code <name>.json}, a list of
 * {@code {role_name, role_info, dialog}}) is imported in one step: a free-text persona whose text is
 * {@code role_info} verbatim, its dialogues as a script source (speakers under their own names, so
 * the persona named {@code role_name} is linked to its lines), and {@code <name>.csv} beside it
 * (columns {@code 序号,对话}) as a second source, unless it holds exactly the same dialogues (the
 * pipeline makes the one from the other), which would only give every dialogue twice. Each file is
 * imported whole or not at all.
 */
public final class CharacterFolderImport {
    private final PersonaRepository personas;
    private final Supplier<ScriptLibrary> scripts;

    /** @param scripts opened only when a character file brings dialogues */
    public CharacterFolderImport(PersonaRepository personas, Supplier<ScriptLibrary> scripts) {
        this.personas = Objects.requireNonNull(personas, "personas");
        this.scripts = Objects.requireNonNull(scripts, "scripts");
    }

    /**
     * What importing one file did.
     *
     * @param scripts the script sources imported with the personas (none for a card or a profile)
     * @param notes   what was left out and why
     * @param reviews what each key of an imported Chinese profile became (none for other formats)
     */
    public record Result(Path file, List<Persona> personas, List<ImportReport> scripts, List<String> notes,
                         List<ImportReview> reviews) {
        public Result {
            personas = List.copyOf(personas);
            scripts = List.copyOf(scripts);
            notes = List.copyOf(notes);
            reviews = List.copyOf(reviews);
        }
    }

    public Result importFile(Path file) {
        byte[] bytes = PersonaInput.readBytes(file);
        PersonaImporter.Imported imported = PersonaImporter.read(bytes, file.toString());
        if (!imported.format().equals(ScriptFormat.INDEX_CHARACTER.label())) {
            return new Result(file, personas.store(imported), List.of(), List.of(), imported.reviews());
        }
        ImportOptions options = ImportOptions.defaults();
        List<ParsedScript> sources = new ArrayList<>();
        sources.add(ScriptReader.read(file.toAbsolutePath().toString(), file.getFileName().toString(), bytes,
                options.withFormat(ScriptFormat.INDEX_CHARACTER)));
        List<String> notes = new ArrayList<>();
        Path table = csvBeside(file);
        if (Files.isRegularFile(table)) {
            ParsedScript csv = ScriptReader.read(table, options);
            if (sameDialogues(csv, sources.get(0))) {
                notes.add(table.getFileName() + " holds the same dialogues as " + file.getFileName()
                        + ": imported once, from " + file.getFileName() + ".");
            } else {
                sources.add(csv);
            }
        }
        List<ImportReport> reports = new ArrayList<>();
        List<Persona> created = personas.store(imported, stored -> importAll(sources, options.window(), reports));
        return new Result(file, created, reports, notes, imported.reviews());
    }

    /** Imports every source; if one fails, the ones this call added are removed again. */
    private void importAll(List<ParsedScript> sources, int window, List<ImportReport> reports) {
        ScriptLibrary library = scripts.get();
        try {
            for (ParsedScript source : sources) {
                reports.add(library.importScript(source, window, ImportProgress.NONE));
            }
        } catch (RuntimeException e) {
            reports.stream().filter(r -> !r.alreadyImported()).forEach(r -> library.remove(r.source()));
            throw e;
        }
    }

    /** {@code <name>.csv} in the same folder as {@code <name>.json}. */
    static Path csvBeside(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot < 0 ? name : name.substring(0, dot)) + ".csv");
    }

    /** The same scenes of the same lines (speaker, text, direction), wherever they stand in their files. */
    private static boolean sameDialogues(ParsedScript a, ParsedScript b) {
        return shape(a).equals(shape(b));
    }

    private static List<List<String>> shape(ParsedScript script) {
        return script.lines().stream()
                .map(l -> List.of(Integer.toString(l.scene()), l.speaker(), l.text(), l.direction())).toList();
    }
}
