package app.characterstudio.cli;

import app.characterstudio.StudioException;
import app.characterstudio.persona.ImportReview;
import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.script.CharacterFolderImport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code persona import FILE...}: each file all or nothing; prints the ids created. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import characters from character cards (V1/V2/V3 JSON, PNG), Chinese profiles "
                + "(one or a map of several by name), persona.json sheets or the Index model's own character file "
                + "(<name>.json, a list of {role_name, role_info, dialog}: a free-text persona and its dialogues as "
                + "a script, with <name>.csv beside it); the format is detected.",
            "Prints the ids created; with --verbose (or --json) also what each key of a Chinese profile became "
                    + "(a persona field, merged, an extra field, or dropped as a repeat).",
            "Each file is imported whole or not at all; exit code 2 if any file failed."})
final class PersonaImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to import.")
    List<Path> files;

    @Option(names = "--json", description = "Print JSON: one entry per file with its ids, the key mapping "
            + "of its profiles (keys) or its error.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Also print what each imported profile key became.")
    boolean verbose;

    record FileResult(String file, List<String> ids, List<String> scripts, List<String> notes, List<KeyResult> keys,
                      String error) {
    }

    /** One key of a profile and what it became, as printed. */
    record KeyResult(String character, String key, String outcome, String became) {
    }

    @Override
    public Integer call() {
        List<FileResult> results = new ArrayList<>();
        for (Path file : files) {
            try {
                CharacterFolderImport.Result result = StudioCommand.studioOf(spec).characterImport().importFile(file);
                results.add(new FileResult(file.toString(), result.personas().stream().map(Persona::id).toList(),
                        result.scripts().stream().map(r -> r.source()).toList(), result.notes(),
                        keys(result.reviews()), null));
            } catch (StudioException e) {
                results.add(failed(file, e.getMessage()));
            } catch (RuntimeException | StackOverflowError e) {
                // every file gets its result, whatever happens to one
                results.add(failed(file, PersonaRepository.unexpectedFailure(file, e)));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json) {
            out.println(Json.write(results));
        } else {
            for (FileResult result : results) {
                result.ids().forEach(out::println);
                result.scripts().forEach(source -> err.println("script: " + source));
                result.notes().forEach(note -> err.println("note: " + note));
                if (verbose) {
                    result.keys().forEach(k -> out.println("  " + k.character() + " · " + k.key() + " → " + k.became()));
                }
                if (result.error() != null) {
                    err.println("error: " + result.error());
                }
            }
        }
        out.flush();
        err.flush();
        return results.stream().anyMatch(r -> r.error() != null) ? 2 : 0;
    }

    private static FileResult failed(Path file, String error) {
        return new FileResult(file.toString(), List.of(), List.of(), List.of(), List.of(), error);
    }

    private static List<KeyResult> keys(List<ImportReview> reviews) {
        List<KeyResult> keys = new ArrayList<>();
        for (ImportReview review : reviews) {
            review.keys().forEach(k -> keys.add(new KeyResult(review.character(), k.key(),
                    k.outcome().name().toLowerCase(java.util.Locale.ROOT), k.became())));
        }
        return keys;
    }
}
