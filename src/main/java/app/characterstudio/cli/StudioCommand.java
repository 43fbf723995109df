package app.characterstudio.cli;

import app.characterstudio.StudioException;
import app.characterstudio.workspace.Installation;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import app.characterstudio.workspace.WorkspaceChoice;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code character-studio [--workspace DIR] [COMMAND]}: without a command it opens the window on the
 * workspace; with one it runs that command and exits.
 */
@Command(name = "character-studio",
        mixinStandardHelpOptions = true,
        versionProvider = StudioVersion.class,
        description = "Build role-play characters and the training data that teaches a local model to play them.%n"
                + "Without a command, opens the studio window.",
        subcommands = {
            PersonaCommand.class,
            ScriptCommand.class,
            BenchCommand.class,
            ModelCommand.class,
            ChatCommand.class, SessionCommand.class, LabelCommand.class, CandidatesCommand.class, TemplateCommand.class,
            BackendCommand.class,
            ExportCommand.class,
            GenerateCommand.class, ScoreCommand.class,
            EvalCommand.class,
        })
public final class StudioCommand implements Callable<Integer> {
    /** Exit code meaning "the window is open; do not exit the JVM". */
    public static final int WINDOW_OPENED = -1;

    @Option(names = "--workspace", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Workspace folder (default: the current directory; installed: the last one the window "
                    + "opened, else ~/Character Studio).")
    Path workspaceDir;

    private final Consumer<Workspace> windowOpener;
    private Studio studio;

    StudioCommand(Consumer<Workspace> windowOpener) {
        this.windowOpener = windowOpener;
    }

    /** Runs the command line; returns the exit code, or {@link #WINDOW_OPENED}. */
    public static int run(String[] args, Consumer<Workspace> windowOpener) {
        StudioCommand root = new StudioCommand(windowOpener);
        try {
            return commandLine(root).execute(args);
        } finally {
            root.closeStudio();
        }
    }

    /**
     * Runs the command line with its output going to {@code out} and {@code err}, then closes the
     * workspace as a real run does when the process ends: for tests.
     */
    public static int run(String[] args, Consumer<Workspace> windowOpener, PrintWriter out, PrintWriter err) {
        StudioCommand root = new StudioCommand(windowOpener);
        try {
            CommandLine commandLine = commandLine(root);
            commandLine.setOut(out);
            commandLine.setErr(err);
            return commandLine.execute(args);
        } finally {
            root.closeStudio();
        }
    }

    /** A configured command line whose output goes to {@code out} and {@code err}: for tests. */
    public static CommandLine commandLine(Consumer<Workspace> windowOpener, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = commandLine(new StudioCommand(windowOpener));
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine;
    }

    private static CommandLine commandLine(StudioCommand root) {
        CommandLine commandLine = new CommandLine(root);
        commandLine.setExecutionExceptionHandler(StudioCommand::handleFailure);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    @Override
    public Integer call() {
        WorkspaceChoice choice = new WorkspaceChoice(Installation.current());
        Workspace workspace = Workspace.open(choice.choose(Optional.ofNullable(workspaceDir)));
        try {
            choice.remember(workspace);
        } catch (StudioException e) {
            System.err.println("warning: " + e.getMessage() + " (the studio opens it anyway)");
        }
        windowOpener.accept(workspace);
        return WINDOW_OPENED;
    }

    /** The services of the workspace named by {@code --workspace}, for any command in the tree. */
    static Studio studioOf(CommandSpec spec) {
        StudioCommand root = (StudioCommand) spec.root().userObject();
        if (root.studio == null) {
            Workspace workspace = Workspace.open(
                    new WorkspaceChoice(Installation.current()).choose(Optional.ofNullable(root.workspaceDir)));
            root.studio = spec.userObject() instanceof ReadsOnly ? Studio.openForReading(workspace) : Studio.open(workspace);
        }
        return root.studio;
    }

    private void closeStudio() {
        if (studio != null) {
            studio.close();
        }
    }

    private static int handleFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof StudioException) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        e.printStackTrace(err);
        err.flush();
        return 1;
    }
}
