package app.characterstudio.cli;

import app.characterstudio.chat.ChatException;
import app.characterstudio.chat.ChatService;
import app.characterstudio.chat.PromptTemplate;
import app.characterstudio.store.StoredTemplate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "template", mixinStandardHelpOptions = true,
        description = "Show and edit a character's prompt template (every save is a new version).",
        subcommands = {TemplateCommand.Show.class, TemplateCommand.Set.class, TemplateCommand.Versions.class})
final class TemplateCommand {

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the template in force for a character.")
    static final class Show implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Option(names = "--character", required = true, paramLabel = "ID")
        String characterId;

        @Override
        public void run() {
            ChatService chat = StudioCommand.studioOf(spec).chat();
            chat.persona(characterId);
            StoredTemplate template = chat.template(characterId);
            PrintWriter out = spec.commandLine().getOut();
            out.println(template.body());
            out.println("-- " + (template.characterId() == null ? "default" : characterId) + " template, version "
                    + template.version() + " (" + (template.id() == 0 ? "built in, stored with the first reply" : "id " + template.id()) + ", "
                    + PromptTemplate.layoutDescription(template.layout()) + ")");
            out.flush();
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Save a template file as the character's next version.")
    static final class Set implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--character", required = true, paramLabel = "ID")
        String characterId;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "UTF-8 text with ${...} placeholders.")
        Path file;

        @Override
        public void run() {
            String body;
            try {
                body = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ChatException("Cannot read " + file + ": " + e.getMessage(), e);
            }
            StoredTemplate saved = StudioCommand.studioOf(spec).chat().saveTemplate(characterId, body);
            spec.commandLine().getOut().println("Saved " + characterId + " template version " + saved.version()
                    + " (id " + saved.id() + ").");
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "versions", mixinStandardHelpOptions = true, description = "List a character's template versions.")
    static final class Versions implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Option(names = "--character", required = true, paramLabel = "ID")
        String characterId;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            List<StoredTemplate> versions = StudioCommand.studioOf(spec).chat().templateVersions(characterId);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(versions));
            } else if (versions.isEmpty()) {
                out.println(characterId + " uses the default template.");
            } else {
                versions.forEach(v -> out.println("version " + v.version() + "\tid " + v.id() + "\t" + v.createdAt()
                        + "\t" + PromptTemplate.layoutDescription(v.layout())));
            }
            out.flush();
        }
    }
}
