package app.characterstudio.cli;

import picocli.CommandLine.Command;

/** {@code bench ...}: measured figures for the notes, on generated data; never part of the tests. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks on generated data (script import and retrieval, generation, export, database check, "
                + "reward scoring, inference-server client).",
        subcommands = {BenchScriptCommand.class, BenchGenerateCommand.class, ChatBenchCommand.class,
            BenchExportCommand.class, BenchDbCommand.class, BenchScoreCommand.class, BenchBackendCommand.class,
            BenchEvalCommand.class})
final class BenchCommand {
}
