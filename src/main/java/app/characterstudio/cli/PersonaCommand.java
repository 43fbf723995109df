package app.characterstudio.cli;

import app.characterstudio.persona.Persona;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "persona", mixinStandardHelpOptions = true,
        description = "List, show, import, export and render persona sheets.",
        subcommands = {PersonaCommand.ListPersonas.class})
final class PersonaCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the workspace's characters.")
    static final class ListPersonas implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public void run() {
            List<Persona> personas = StudioCommand.studioOf(spec).personas().list();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(personas.stream().map(p -> new Summary(p.id(), p.name(), p.tags())).toList()));
            } else {
                personas.forEach(p -> out.println(p.id() + "\t" + p.name()));
            }
            out.flush();
        }
    }

    record Summary(String id, String name, List<String> tags) {
    }
}
