package app.characterstudio.cli;

import app.characterstudio.model.ModelCatalog;
import app.characterstudio.model.ModelConfig;
import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.ModelSummary;
import app.characterstudio.model.WeightFormat;
import app.characterstudio.reward.RewardHead;
import app.characterstudio.reward.RewardHeads;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Inspect local model folders (Index-1.9B-Character as downloaded).",
        subcommands = {ModelCommand.ListModels.class, ModelCommand.Info.class})
final class ModelCommand {

    /** A folder given as a path, or by name under the workspace's models/ folder. */
    static Path resolveModelDir(CommandSpec spec, Path dir) {
        if (Files.isDirectory(dir) || dir.isAbsolute()) {
            return dir;
        }
        Path underModels = StudioCommand.studioOf(spec).workspace().modelsDir().resolve(dir);
        return Files.isDirectory(underModels) ? underModels : dir;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the model folders under the workspace's models/, and whether each can be loaded.")
    static final class ListModels implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            List<ModelCatalog.Entry> entries = ModelCatalog.list(StudioCommand.studioOf(spec).workspace().modelsDir());
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(entries.stream().map(ListJson::of).toList()));
            } else if (entries.isEmpty()) {
                out.println("no model folders in " + StudioCommand.studioOf(spec).workspace().modelsDir());
            } else {
                for (ModelCatalog.Entry entry : entries) {
                    String what = entry.summary().map(s -> String.format(Locale.ROOT, "%.2f B  %s  %s",
                            s.parameterCount() / 1e9, String.join(",", s.dtypes().stream().map(Enum::name).toList()),
                            Info.formatName(s.format()))).orElse("");
                    out.printf(Locale.ROOT, "%-28s %-9s %s%s%n", entry.name(), entry.loadable() ? "ready" : "problem",
                            what, entry.problem().map(p -> (what.isEmpty() ? "" : "  ") + p).orElse(""));
                }
            }
            out.flush();
        }
    }

    /** {@code model list --json}. */
    record ListJson(String name, String folder, boolean loadable, String architecture, Long parameterCount,
                    List<String> dtypes, String format, String problem) {
        static ListJson of(ModelCatalog.Entry e) {
            return new ListJson(e.name(), e.dir().toString(), e.loadable(),
                    e.summary().map(ModelSummary::architecture).orElse(null),
                    e.summary().map(ModelSummary::parameterCount).orElse(null),
                    e.summary().map(s -> s.dtypes().stream().map(Enum::name).sorted().toList()).orElse(List.of()),
                    e.summary().map(s -> Info.formatName(s.format())).orElse(null), e.problem().orElse(null));
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Show a model folder: architecture, parameter count, dtype, files, tokenizer size, config, "
                    + "and anything that keeps it from loading (exit code 2 then). Reads headers only.")
    static final class Info implements Callable<Integer>, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The model folder, or its name under the workspace's models/.")
        Path dir;

        @Option(names = "--format", paramLabel = "FORMAT",
                description = "Weights to inspect when the folder has several: ${COMPLETION-CANDIDATES} "
                        + "(default: the first present in that order).")
        WeightFormat format;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public Integer call() {
            Path modelDir = resolveModelDir(spec, dir);
            RewardHeads.refuseAdapterOnly(modelDir);
            ModelFolder folder = ModelFolder.open(modelDir);
            ModelSummary summary = format == null ? ModelSummary.of(folder) : ModelSummary.of(folder, format);
            RewardHeads.Inspection reward = RewardHeads.inspect(folder, summary.format());
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(InfoJson.of(summary, reward)));
            } else {
                printText(out, summary, reward);
            }
            out.flush();
            return summary.loadable() && reward.problem().isEmpty() ? 0 : 2;
        }

        static String kind(RewardHeads.Inspection reward) {
            return reward.rewardModel() ? "reward model" : "chat model";
        }

        private static void printText(PrintWriter out, ModelSummary s, RewardHeads.Inspection reward) {
            ModelConfig c = s.config();
            row(out, "folder", s.dir().toString());
            row(out, "architecture", s.architecture());
            row(out, "kind", kind(reward));
            reward.head().ifPresent(head -> row(out, "reward head", head.describe()));
            row(out, "parameters", String.format(Locale.ROOT, "%,d (%.2f B)", s.parameterCount(), s.parameterCount() / 1e9));
            row(out, "dtype", String.join(", ", s.dtypes().stream().map(Enum::name).toList())
                    + " on disk (config: " + c.torchDtype() + ")");
            row(out, "weights", formatName(s.format()) + ", " + s.tensorCount() + " tensors"
                    + (s.formats().size() > 1 ? " (also present: " + String.join(", ",
                    s.formats().stream().filter(f -> f != s.format()).map(Info::formatName).toList()) + ")" : ""));
            boolean first = true;
            for (ModelSummary.FileEntry file : s.files()) {
                row(out, first ? "files" : "", String.format(Locale.ROOT, "%-40s %s", file.name(), bytes(file.bytes())));
                first = false;
            }
            row(out, "tokenizer", s.tokenizerSize() < 0 ? "missing" : s.tokenizerSize() + " pieces");
            row(out, "config", String.format(Locale.ROOT,
                    "hidden %d, layers %d, heads %d, kv heads %d, head dim %d, intermediate %d, vocab %d,",
                    c.hiddenSize(), c.layerCount(), c.headCount(), c.kvHeadCount(), c.headDim(), c.intermediateSize(),
                    c.vocabSize()));
            row(out, "", String.format(Locale.ROOT,
                    "max positions %d, rms eps %s, rope theta %s, norm head %s, tied embeddings %s, attention bias %s",
                    c.maxPositions(), c.rmsNormEps(), stripZeros(c.ropeTheta()), yes(c.normHead()),
                    yes(c.tieWordEmbeddings()), yes(c.attentionBias())));
            List<String> problems = new java.util.ArrayList<>(s.problems());
            reward.problem().ifPresent(problems::add);
            if (problems.isEmpty()) {
                row(out, "status", "ready to load");
            } else {
                first = true;
                for (String problem : problems) {
                    row(out, first ? "problems" : "", problem);
                    first = false;
                }
            }
        }

        private static void row(PrintWriter out, String label, String value) {
            out.printf(Locale.ROOT, "%-13s %s%n", label, value);
        }

        static String formatName(WeightFormat format) {
            return format.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        private static String yes(boolean value) {
            return value ? "yes" : "no";
        }

        private static String stripZeros(float value) {
            return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
        }

        static String bytes(long bytes) {
            if (bytes < 1024) {
                return bytes + " B";
            }
            String[] units = {"KiB", "MiB", "GiB", "TiB"};
            double value = bytes;
            int unit = -1;
            while (value >= 1024 && unit < units.length - 1) {
                value /= 1024;
                unit++;
            }
            return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
        }
    }

    /** {@code model info --json}. */
    record InfoJson(String folder, String architecture, String kind, RewardHeadJson rewardHead, long parameterCount,
                    List<String> dtypes, String format, List<String> formats, List<ModelSummary.FileEntry> files,
                    int tensorCount, Integer tokenizerSize, ModelConfig config, int headDim, boolean loadable,
                    List<String> problems) {
        static InfoJson of(ModelSummary s, RewardHeads.Inspection reward) {
            List<String> problems = new java.util.ArrayList<>(s.problems());
            reward.problem().ifPresent(problems::add);
            return new InfoJson(s.dir().toString(), s.architecture(), Info.kind(reward),
                    reward.head().map(RewardHeadJson::of).orElse(null), s.parameterCount(),
                    s.dtypes().stream().map(Enum::name).sorted().toList(), Info.formatName(s.format()),
                    s.formats().stream().map(Info::formatName).toList(), s.files(), s.tensorCount(),
                    s.tokenizerSize() < 0 ? null : s.tokenizerSize(), s.config(), s.config().headDim(),
                    problems.isEmpty(), problems);
        }
    }

    /** The reward head in {@code model info --json}. */
    record RewardHeadJson(String layout, String weight, boolean bias, String file, String description) {
        static RewardHeadJson of(RewardHead head) {
            return new RewardHeadJson(head.layout().name().toLowerCase(Locale.ROOT), head.weightName(), head.hasBias(),
                    head.file().getFileName().toString(), head.describe());
        }
    }
}
