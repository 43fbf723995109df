package app.characterstudio.cli;

import app.characterstudio.persona.ExportFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code persona export ID --format card-v2|card-v3|png|json -o FILE}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a character as a character card (V2 or V3 JSON), a PNG card (chara and ccv3 chunks, "
                + "the avatar as the image) or a persona.json sheet.")
final class PersonaExportCommand implements Runnable, ReadsOnly {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The character's id.")
    String id;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "card-v2, card-v3, png or json.")
    ExportFormat format;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The file to write.")
    Path output;

    @Override
    public void run() {
        PersonaCommand.personas(spec).export(id, format, output);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Wrote " + output);
        out.flush();
    }

    static final class FormatConverter implements ITypeConverter<ExportFormat> {
        @Override
        public ExportFormat convert(String value) {
            try {
                return ExportFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
