package app.characterstudio.cli;

import picocli.CommandLine.Option;

/** {@code --json} of the commands that print either lines for people or one JSON document for scripts. */
final class JsonOutput {
    @Option(names = "--json", description = "Print JSON instead of text (for scripts).")
    boolean json;

    /** Whether the command prints JSON. */
    boolean json() {
        return json;
    }
}
