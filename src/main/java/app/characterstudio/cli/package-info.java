/**
 * The command line (picocli): {@link app.characterstudio.cli.StudioCommand} and its subcommands for personas,
 * scripts, the model, generation, chat and labeling in the terminal, sessions, templates, export and benchmarks.
 * Commands call the same services as the window; {@code --json} output is meant for scripts. The only package that
 * prints.
 */
package app.characterstudio.cli;
