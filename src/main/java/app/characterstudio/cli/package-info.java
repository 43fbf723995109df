/**
 * The command line (picocli): {@link app.characterstudio.cli.StudioCommand} and its subcommands for personas,
 * scripts, the model, generation, chat and labeling in the terminal, sessions, templates, export and benchmarks.
 * Commands call the same services as the window; {@code --json} output is meant for scripts. The only package that
 * prints. Options shared by several commands are picocli mixins: {@code JsonOutput}
 * ({@code --json}), {@code SamplingOptions} (how replies are sampled) and
 * {@code DeviceOptions} ({@code --device}, {@code --dtype}). The {@code bench}
 * commands run the {@code bench} room's benchmarks and print their figures.
 */
package app.characterstudio.cli;
