package app.characterstudio.cli;

import app.characterstudio.bench.ChatBenchmark;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Prompt assembly with budget trimming, and turn/reply/label writes to a SQLite file (WAL).")
final class ChatBenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--turns", paramLabel = "N", defaultValue = "200", description = "Conversation length (default: ${DEFAULT-VALUE}).")
    int turns;

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "4", description = "Replies per turn (default: ${DEFAULT-VALUE}).")
    int candidates;

    @Mixin
    JsonOutput output = new JsonOutput();

    @Override
    public void run() {
        ChatBenchmark.Figures figures = ChatBenchmark.run(turns, candidates);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.write(figures));
        } else {
            out.println("prompt of a " + turns + "-turn conversation: " + figures.promptTokens() + " tokens (estimated), "
                    + figures.historyLinesDropped() + " old lines and " + (ChatBenchmark.EXCHANGES - figures.exchangesKept())
                    + " of " + ChatBenchmark.EXCHANGES + " exchanges dropped, " + figures.promptBuildMs() + " ms per build");
            out.println("turn + " + candidates + " replies, one transaction each: " + figures.turnWriteMs() + " ms per turn");
            out.println("label save: " + figures.labelSaveMs() + " ms per turn");
            out.println("loading the session tree to navigate (" + turns * candidates + " replies): "
                    + figures.sessionLoadMs() + " ms");
        }
        out.flush();
    }
}
