package app.characterstudio.cli;

import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRepository;
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
                + "(one or a map of several by name) or persona.json sheets; the format is detected.",
            "Prints the ids created. Each file is imported whole or not at all; exit code 2 if any file failed."})
final class PersonaImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to import.")
    List<Path> files;

    @Option(names = "--json", description = "Print JSON: one entry per file with its ids or its error.")
    boolean json;

    record FileResult(String file, List<String> ids, String error) {
    }

    @Override
    public Integer call() {
        List<FileResult> results = new ArrayList<>();
        for (Path file : files) {
            PersonaRepository.FileImport result = PersonaCommand.personas(spec).importReporting(file);
            results.add(new FileResult(file.toString(), result.created().stream().map(Persona::id).toList(),
                    result.error()));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json) {
            out.println(Json.write(results));
        } else {
            for (FileResult result : results) {
                result.ids().forEach(out::println);
                if (result.error() != null) {
                    err.println("error: " + result.error());
                }
            }
        }
        out.flush();
        err.flush();
        return results.stream().anyMatch(r -> r.error() != null) ? 2 : 0;
    }
}
