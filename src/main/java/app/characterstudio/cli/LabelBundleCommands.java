package app.characterstudio.cli;

import app.characterstudio.label.Agreement;
import app.characterstudio.label.LabelBundles;
import app.characterstudio.store.BundleMerge;
import java.io.PrintWriter;
import app.characterstudio.store.LabelVote;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code label export-bundle}, {@code label import-bundle} and {@code label agreement}: several labelers. */
final class LabelBundleCommands {
    private LabelBundleCommands() {
    }

    @Command(name = "export-bundle", mixinStandardHelpOptions = true,
            description = "Write this workspace's labels (with who made them, by the stable ids of turns and replies) "
                    + "to a bundle file another labeler can merge.")
    static final class ExportBundle implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The bundle file to write (JSON).")
        Path out;

        @Override
        public void run() {
            LabelBundles.Exported exported = StudioCommand.studioOf(spec).labelBundles().export(out);
            PrintWriter print = spec.commandLine().getOut();
            print.println(exported.labels() + " labels by " + (exported.labelers().isEmpty() ? "nobody"
                    : String.join(", ", exported.labelers())) + " written to " + exported.file());
            print.flush();
        }
    }

    @Command(name = "import-bundle", mixinStandardHelpOptions = true,
            description = "Merge another labeler's bundle of the same sessions: their labels are kept next to this "
                    + "workspace's (a conflict stays side by side, nothing is overwritten; a label merged before is skipped).")
    static final class ImportBundle implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "A bundle written by label export-bundle.")
        Path file;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            BundleMerge merged = StudioCommand.studioOf(spec).labelBundles().merge(file);
            PrintWriter out = spec.commandLine().getOut();
            out.println(output.json() ? Json.write(merged) : "Merged " + merged.added() + " labels (" + merged.conflicts()
                    + " choose otherwise than another labeler, kept side by side); " + merged.alreadyPresent()
                    + " were already here.");
            out.flush();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Every labeler's label of a turn side by side: this workspace's own and those merged from bundles.")
    static final class Show implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Option(names = "--turn", required = true, paramLabel = "T", description = "The turn (see session show).")
        long turnId;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            List<LabelVote> labels = StudioCommand.studioOf(spec).labelBundles().labelsOfTurn(turnId);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(labels));
            } else if (labels.isEmpty()) {
                out.println("Turn " + turnId + " has no label.");
            } else {
                labels.forEach(l -> out.println((l.labeler().isEmpty() ? "(no name)" : l.labeler()) + "\tchosen "
                        + (l.chosenCandidateId() == null ? "none" : l.chosenCandidateId()) + "\trejected " + l.rejected()));
            }
            out.flush();
        }
    }

    @Command(name = "agreement", mixinStandardHelpOptions = true,
            description = "Agreement between every two labelers over the turns both labeled: Cohen's kappa for "
                    + "chosen/rejected (each reply chosen, rejected or neither) and the share of turns with the same "
                    + "chosen reply, overall and per character.")
    static final class AgreementCommand implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            Agreement.Report report = StudioCommand.studioOf(spec).labelBundles().agreement();
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(report));
            } else if (report.pairs().isEmpty()) {
                out.println("No turn is labeled by two labelers yet (labelers: "
                        + (report.labelers().isEmpty() ? "none" : String.join(", ", report.labelers())) + ").");
            } else {
                for (Agreement.Pair pair : report.pairs()) {
                    out.println(pair.labelerA() + " and " + pair.labelerB() + ": " + describe(pair.overall()));
                    pair.perCharacter().forEach(f -> out.println("  " + f.characterId() + ": " + describe(f)));
                }
            }
            out.flush();
        }

        private static String describe(Agreement.Figures figures) {
            return figures.sharedTurns() + " turns both labeled, same choice in " + figures.sameChoice() + " ("
                    + String.format(Locale.ROOT, "%.1f%%", figures.agreement() * 100) + "), kappa "
                    + (figures.kappa() == null ? "undefined" : String.format(Locale.ROOT, "%.3f", figures.kappa()));
        }
    }
}
