package app.characterstudio.cli;

import app.characterstudio.label.Label;
import app.characterstudio.label.LabelService;
import app.characterstudio.label.ReasonTag;
import app.characterstudio.store.LabelProgress;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "label", mixinStandardHelpOptions = true,
        description = "Label a turn's replies and see labeling progress.",
        subcommands = {LabelCommand.Set.class, LabelCommand.Progress.class})
final class LabelCommand {

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Label a turn: the chosen reply, rejected ones, reasons, a note (replaces its label).")
    static final class Set implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--turn", required = true, paramLabel = "T", description = "The turn (see session show).")
        long turnId;

        @Option(names = "--chosen", required = true, paramLabel = "C", description = "The best reply's id.")
        long chosen;

        @Option(names = "--rejected", arity = "1..*", paramLabel = "C", description = "Rejected reply ids.")
        List<Long> rejected = new ArrayList<>();

        @Option(names = "--rank", arity = "1..*", paramLabel = "C", description = "Reply ids, best first.")
        List<Long> ranking = new ArrayList<>();

        @Option(names = "--reason", arity = "1..*", paramLabel = "TAG",
                description = "Reason tags: ${COMPLETION-CANDIDATES}.", completionCandidates = ReasonTagCandidates.class)
        List<String> reasons = new ArrayList<>();

        @Option(names = "--note", paramLabel = "TEXT", description = "Why (free text).")
        String note = "";

        @Option(names = "--safety", description = "The turn is a safety case: the chosen reply refuses or guides, in character.")
        boolean safety;

        @Option(names = "--keep-edit-origins", description = "The chosen reply is an edit: do not count the replies "
                + "it was made from as rejected (by default the export pairs the edit with them).")
        boolean keepEditOrigins;

        @Option(names = "--time-spent-ms", paramLabel = "MS", defaultValue = "0", description = "Time spent labeling.")
        long timeSpentMs;

        @Override
        public void run() {
            EnumSet<ReasonTag> tags = EnumSet.noneOf(ReasonTag.class);
            reasons.forEach(reason -> tags.add(ReasonTag.parse(reason)));
            LabelService labels = StudioCommand.studioOf(spec).labels();
            Label stored = labels.save(new Label(turnId, chosen, rejected, ranking, tags, note, safety, timeSpentMs, 0,
                    keepEditOrigins));
            PrintWriter out = spec.commandLine().getOut();
            out.println("Turn " + turnId + " labeled: chosen " + stored.chosenCandidateId() + ", rejected "
                    + stored.rejected() + (stored.reasons().isEmpty() ? "" : ", reasons "
                    + String.join(", ", stored.reasons().stream().map(ReasonTag::tag).toList()))
                    + (stored.safetyCase() ? ", safety case" : "") + ".");
            out.flush();
        }
    }

    @Command(name = "progress", mixinStandardHelpOptions = true,
            description = "Labeled and unlabeled turns (with replies) per character.")
    static final class Progress implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public void run() {
            List<LabelProgress> progress = StudioCommand.studioOf(spec).labels().progress();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(progress));
            } else if (progress.isEmpty()) {
                out.println("No turns with replies yet.");
            } else {
                progress.forEach(p -> out.println(p.characterId() + "\t" + p.labeledTurns() + " labeled\t"
                        + p.unlabeledTurns() + " unlabeled"));
            }
            out.flush();
        }
    }
}
