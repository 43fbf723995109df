package app.characterstudio.cli;

import app.characterstudio.bench.EvalBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench eval}: an evaluation run over a generated CharacterEval-shaped set, one model load for all items. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Time an evaluation run: N generated CharacterEval-format items answered by one model, loaded once "
            + "(a throwaway workspace; nothing of yours is touched). Reports items/s and, over the stored prompts of the "
            + "first items, the share of time in prefill vs decode.",
            "For the Index-1.9B shape on this machine, make a random-weight folder with "
            + "'bench generate --keep DIR' and pass --model DIR."})
final class BenchEvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder or name under models/.")
    String model;

    @Option(names = "--items", defaultValue = "200", paramLabel = "N", description = "Items (default ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--max-new-tokens", defaultValue = "16", paramLabel = "N", description = "Default ${DEFAULT-VALUE}.")
    int maxNewTokens;

    @Mixin
    DeviceOptions deviceOptions = new DeviceOptions();

    @Mixin
    JsonOutput output = new JsonOutput();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = ModelCommand.resolveModelDir(spec, Path.of(model));
        EvalBenchmark.Result r = EvalBenchmark.run(dir, deviceOptions.loadOptions(), items, maxNewTokens);
        if (output.json()) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", r.model());
            report.put("device", r.device());
            report.put("dtype", r.dtype());
            report.put("items", r.items());
            report.put("model_loads", 1);
            report.put("load_seconds", round(r.loadSeconds()));
            report.put("run_seconds", round(r.runSeconds()));
            report.put("items_per_second", round(r.itemsPerSecond()));
            report.put("prefill_share", round(r.prefillShare()));
            report.put("short_template", r.shortTemplate());
            out.println(Json.write(report));
        } else {
            out.printf(Locale.ROOT, "%s on %s %s: %d items in %.2f s (one load, %.2f s): %.2f items/s; "
                            + "prefill %.0f%% / decode %.0f%% of generation time (first %d prompts)%s%n",
                    r.model(), r.device(), r.dtype(), r.items(), r.runSeconds(), r.loadSeconds(), r.itemsPerSecond(),
                    100 * r.prefillShare(), 100 * (1 - r.prefillShare()), r.timedPrompts(),
                    r.shortTemplate() ? "; short template (context " + r.contextLength() + ")" : "");
        }
        out.flush();
        return 0;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
