package app.characterstudio.cli;

import app.characterstudio.bench.ChatBenchmark;
import app.characterstudio.bench.ReplyOverheadBenchmark;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Prompt assembly with budget trimming, and turn/reply/label writes to a SQLite file (WAL).",
            "With --reply: one reply's overhead outside the model, stage by stage (median per stage): a script is imported "
                + "into a fresh workspace, a conversation grows to about --prompt-tokens, and the model generates one token "
                + "per round; the prompt stage is the turn and template reads, retrieval and the build, the storage stage "
                + "the candidate's write."})
final class ChatBenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--turns", paramLabel = "N", defaultValue = "200", description = "Conversation length (default: ${DEFAULT-VALUE}).")
    int turns;

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "4", description = "Replies per turn (default: ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--reply", description = "Measure one reply's overhead outside the model instead (needs --script, --model, --character).")
    boolean reply;

    @Option(names = "--script", paramLabel = "FILE", description = "With --reply: the script to import and retrieve from.")
    Path script;

    @Option(names = "--model", paramLabel = "DIR", description = "With --reply: the model folder to load (it generates one token per round).")
    Path model;

    @Option(names = "--character", paramLabel = "NAME", description = "With --reply: the script's speaker the character plays.")
    String character;

    @Option(names = "--prompt-tokens", paramLabel = "N", defaultValue = "1700",
            description = "With --reply: the conversation grows until its prompt holds this many tokens, or the model's budget (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "20", description = "With --reply: replies measured, after two to warm up (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Mixin
    JsonOutput output = new JsonOutput();

    @Override
    public void run() {
        if (reply) {
            runReply();
            return;
        }
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

    private void runReply() {
        if (script == null || model == null || character == null || character.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--reply needs --script FILE, --model DIR and --character NAME.");
        }
        if (!Files.isRegularFile(script)) {
            throw new ParameterException(spec.commandLine(), "--script " + script + ": no such file.");
        }
        if (rounds < 1 || promptTokens < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds and --prompt-tokens must be at least 1.");
        }
        ReplyOverheadBenchmark.Figures figures = ReplyOverheadBenchmark.run(script, model, character, promptTokens, rounds);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.write(figures));
        } else {
            out.println("one reply on a " + figures.promptTokens() + "-token prompt (budget " + figures.budgetTokens() + ", "
                    + figures.turns() + " turns, " + figures.exchanges() + " script exchanges), median of "
                    + figures.rounds() + " rounds:");
            out.printf("  prompt (reads, retrieval, build): %.2f ms, of which retrieval %.2f ms%n", figures.promptMs(),
                    figures.retrievalMs());
            out.printf("  model, one token:                 %.2f ms%n", figures.modelMs());
            out.printf("  storage of the candidate:         %.2f ms%n", figures.storageMs());
            out.printf("  overhead outside the model:       %.2f ms%n", figures.overheadMs());
        }
        out.flush();
    }
}
