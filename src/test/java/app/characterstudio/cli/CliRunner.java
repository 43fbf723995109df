package app.characterstudio.cli;

import app.characterstudio.workspace.Workspace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in-process against a workspace and captures what it prints. */
public final class CliRunner {
    private final Path workspace;
    private final List<Workspace> windowsOpened = new ArrayList<>();

    public CliRunner(Path workspace) {
        this.workspace = workspace;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--workspace";
        all[1] = workspace.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = StudioCommand.run(all, windowsOpened::add, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    public List<Workspace> windowsOpened() {
        return windowsOpened;
    }

    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nout:\n" + out + "\nerr:\n" + err;
        }
    }
}
