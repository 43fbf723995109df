package app.characterstudio.cli;

import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaForm;
import app.characterstudio.persona.PersonaJson;
import app.characterstudio.persona.PersonaRenderer;
import app.characterstudio.persona.PersonaRepository;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "persona", mixinStandardHelpOptions = true,
        description = "List, show, create, import, export, render and delete persona sheets.",
        subcommands = {PersonaCommand.ListPersonas.class, PersonaCommand.Show.class, PersonaCommand.Render.class,
            PersonaCommand.Create.class, PersonaCommand.Duplicate.class, PersonaCommand.Delete.class, PersonaImportCommand.class,
            PersonaExportCommand.class})
final class PersonaCommand {

    static PersonaRepository personas(CommandSpec spec) {
        return StudioCommand.studioOf(spec).personas();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the workspace's characters.")
    static final class ListPersonas implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            List<Persona> personas = personas(spec).list();
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(personas.stream().map(Summary::of).toList()));
            } else {
                personas.forEach(p -> out.println(p.id() + "\t" + p.name()
                        + (p.tags().isEmpty() ? "" : "\t[" + String.join(", ", p.tags()) + "]")));
            }
            out.flush();
        }
    }

    record Summary(String id, String name, List<String> tags, List<String> aliases) {
        static Summary of(Persona persona) {
            return new Summary(persona.id(), persona.name(), persona.tags(), persona.aliases());
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one character's persona sheet.")
    static final class Show implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The character's id (see `persona list`).")
        String id;

        @Option(names = "--json", description = "Print the persona.json sheet.")
        boolean json;

        @Override
        public void run() {
            Persona persona = personas(spec).get(id);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.print(new String(PersonaJson.write(persona), StandardCharsets.UTF_8));
            } else {
                out.println("id：" + persona.id());
                out.println("form：" + (persona.form() == PersonaForm.TEXT ? "text (the persona text, verbatim)" : "fields"));
                out.println(PersonaRenderer.personaText(persona));
                line(out, "标签", String.join("、", persona.tags()));
                line(out, "剧本名", String.join("、", persona.aliases()));
                line(out, "头像", persona.avatar());
                line(out, "创作者备注", persona.creatorNotes());
                if (!persona.card().isEmpty()) {
                    line(out, "card", String.join(", ", (Iterable<String>) () -> persona.card().fieldNames()));
                }
            }
            out.flush();
        }

        private static void line(PrintWriter out, String key, String value) {
            if (!value.isBlank()) {
                out.println(key + "：" + value);
            }
        }
    }

    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Print the persona text the prompt uses (the 以下是…的人设 block).")
    static final class Render implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The character's id.")
        String id;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            out.print(PersonaRenderer.roleInfo(personas(spec).get(id)));
            out.flush();
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an empty character; prints its id.")
    static final class Create implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The character's name.")
        String name;

        @Override
        public void run() {
            if (name.isBlank()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "NAME must not be empty.");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(personas(spec).create(name).id());
            out.flush();
        }
    }

    @Command(name = "duplicate", mixinStandardHelpOptions = true,
            description = "Copy a character (avatar included) under a new id; prints the new id.")
    static final class Duplicate implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The character's id.")
        String id;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            out.println(personas(spec).duplicate(id).id());
            out.flush();
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Move a character to characters/.trash/ (restore by moving its folder back).")
    static final class Delete implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The character's id.")
        String id;

        @Override
        public void run() {
            PersonaRepository.Deleted deleted = personas(spec).delete(id);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Moved " + deleted.id() + " to " + deleted.trashFolder());
            out.flush();
        }
    }
}
