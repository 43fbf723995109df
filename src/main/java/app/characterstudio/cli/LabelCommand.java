package app.characterstudio.cli;

import app.characterstudio.label.Label;
import app.characterstudio.label.LabelService;
import app.characterstudio.label.ReasonTag;
import app.characterstudio.label.GoalProgress;
import app.characterstudio.label.Guidelines;
import app.characterstudio.label.LabelUndo;
import app.characterstudio.store.QueuedTurn;
import java.util.Map;
import java.util.Optional;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "label", mixinStandardHelpOptions = true,
        description = "Label a turn's replies, undo, the queue of unlabeled turns, progress toward goals, "
                + "guidelines, and labels of several labelers (bundles, agreement).",
        subcommands = {LabelCommand.Set.class, LabelCommand.Undo.class, LabelCommand.Next.class,
            LabelCommand.Progress.class, LabelCommand.Goal.class, LabelCommand.Labeler.class,
            LabelCommand.GuidelinesCommand.class, LabelBundleCommands.ExportBundle.class,
            LabelBundleCommands.ImportBundle.class, LabelBundleCommands.Show.class,
            LabelBundleCommands.AgreementCommand.class})
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

        @Option(names = "--reply-reason", arity = "1..*", paramLabel = "C=TAG[,TAG]",
                description = "Reasons about one reply (the chosen one or a rejected one), e.g. 12=bland,too_long. "
                        + "--reason gives reasons about the whole turn.")
        List<String> replyReasons = new ArrayList<>();

        @Option(names = "--note", paramLabel = "TEXT", description = "Why (free text).")
        String note = "";

        @Option(names = "--safety", description = "The turn is a safety case: the chosen reply refuses or guides, in character.")
        boolean safety;

        @Option(names = "--keep-edit-origins", description = "The chosen reply is an edit: do not count the replies "
                + "it was made from as rejected (by default the export pairs the edit with them).")
        boolean keepEditOrigins;

        @Option(names = "--labeler", paramLabel = "NAME",
                description = "Who made the label (default: the workspace's labeler, see label labeler).")
        String labeler;

        @Option(names = "--time-spent-ms", paramLabel = "MS", defaultValue = "0", description = "Time spent labeling.")
        long timeSpentMs;

        @Override
        public void run() {
            EnumSet<ReasonTag> tags = EnumSet.noneOf(ReasonTag.class);
            reasons.forEach(reason -> tags.add(ReasonTag.parse(reason)));
            LabelService labels = StudioCommand.studioOf(spec).labels();
            Label label = new Label(turnId, chosen, rejected, ranking, tags, note, safety, timeSpentMs, 0, keepEditOrigins,
                replyReasons(spec, replyReasons));
            Label stored = labeler == null ? labels.save(label) : labels.save(label, labeler);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Turn " + turnId + " labeled: chosen " + stored.chosenCandidateId() + ", rejected "
                    + stored.rejected() + (stored.allReasons().isEmpty() ? "" : ", reasons " + reasonsText(stored))
                    + (stored.safetyCase() ? ", safety case" : "") + ".");
            out.flush();
        }
    }

    /** {@code C=TAG[,TAG]} per reply, read into tags by candidate id; a malformed one is refused by its text. */
    static java.util.Map<Long, java.util.Set<ReasonTag>> replyReasons(CommandSpec spec, List<String> given) {
        java.util.Map<Long, java.util.Set<ReasonTag>> byReply = new java.util.TreeMap<>();
        for (String entry : given) {
            int equals = entry.indexOf('=');
            long reply;
            try {
                reply = Long.parseLong(entry.substring(0, Math.max(equals, 0)).strip());
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--reply-reason '" + entry
                        + "': expected a reply id, '=' and reason tags, e.g. 12=bland,too_long.");
            }
            for (String tag : entry.substring(equals + 1).split(",")) {
                if (tag.isBlank()) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--reply-reason '" + entry
                            + "': no reason tag after '='; expected e.g. " + reply + "=bland.");
                }
                byReply.computeIfAbsent(reply, id -> EnumSet.noneOf(ReasonTag.class)).add(ReasonTag.parse(tag.strip()));
            }
        }
        return byReply;
    }

    /** "bland; reply 12: too_long, other": the turn's reasons, then each reply's. */
    static String reasonsText(Label label) {
        List<String> parts = new ArrayList<>();
        if (!label.reasons().isEmpty()) {
            parts.add(String.join(", ", label.reasons().stream().map(ReasonTag::tag).toList()));
        }
        label.replyReasons().forEach((id, tags) -> parts.add("reply " + id + ": "
                + String.join(", ", tags.stream().map(ReasonTag::tag).toList())));
        return String.join("; ", parts);
    }

    @Command(name = "undo", mixinStandardHelpOptions = true,
            description = "Take back the last label change (kept in the label history): the turn gets its label "
                    + "from before again, or none. Run again to go further back.")
    static final class Undo implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            Optional<LabelUndo> undone = StudioCommand.studioOf(spec).labels().undo();
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(undone.map(u -> Map.of("undone", true, "turn_id", u.turnId(),
                        "session_id", u.sessionId(), "restored", u.restored().<Object>map(l -> l).orElse("none")))
                        .orElse(Map.of("undone", false))));
            } else if (undone.isEmpty()) {
                out.println("Nothing to undo: no label change is left in the history.");
            } else {
                LabelUndo u = undone.get();
                out.println("Undone: turn " + u.turnId() + " (session " + u.sessionId() + ") "
                        + u.restored().map(l -> "has its earlier label again: chosen " + l.chosenCandidateId()
                        + ", rejected " + l.rejected() + ".").orElse("has no label again."));
            }
            out.flush();
        }
    }

    @Command(name = "next", mixinStandardHelpOptions = true,
            description = "The next turn with replies but no chosen reply, across the sessions of the chosen characters.")
    static final class Next implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Option(names = "--character", arity = "1..*", paramLabel = "ID",
                description = "Only sessions of these characters (default: all).")
        List<String> characters = new ArrayList<>();

        @Option(names = "--after-turn", paramLabel = "T", defaultValue = "0",
                description = "Start after this turn (the one just labeled); wraps round to the first.")
        long afterTurn;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            Optional<QueuedTurn> next = StudioCommand.studioOf(spec).labels().next(characters, afterTurn);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(next.<Object>map(t -> t).orElse(Map.of("done", true))));
            } else {
                out.println(next.map(t -> "Next: turn " + t.turnId() + " of session " + t.sessionId() + " ("
                        + t.characterId() + "): " + t.userText())
                        .orElse("Every turn with replies is labeled" + (characters.isEmpty() ? "." : " for "
                                + String.join(", ", characters) + ".")));
            }
            out.flush();
        }
    }

    @Command(name = "goal", mixinStandardHelpOptions = true,
            description = "Set how many labeled turns a character should reach (0 removes the goal).")
    static final class Goal implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--character", required = true, paramLabel = "ID", description = "The character.")
        String character;

        @picocli.CommandLine.Parameters(paramLabel = "TURNS", description = "Labeled turns to reach.")
        int goal;

        @Override
        public void run() {
            LabelService labels = StudioCommand.studioOf(spec).labels();
            labels.setGoal(character, goal);
            PrintWriter out = spec.commandLine().getOut();
            out.println(character + ": " + labels.goal(character).describe());
            out.flush();
        }
    }

    @Command(name = "labeler", mixinStandardHelpOptions = true,
            description = "Show or set the workspace's labeler name, stored with every label made here.")
    static final class Labeler implements Runnable {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "NAME", description = "The new name.")
        String name;

        @Override
        public void run() {
            LabelService labels = StudioCommand.studioOf(spec).labels();
            PrintWriter out = spec.commandLine().getOut();
            if (name == null) {
                String current = labels.labeler();
                out.println(current.isEmpty() ? "No labeler name set yet (label labeler NAME)." : current);
            } else {
                int claimed = labels.setLabeler(name);
                out.println("Labeler: " + labels.labeler() + (claimed == 0 ? "" : " (" + claimed
                        + " earlier labels without a name are now theirs)"));
            }
            out.flush();
        }
    }

    @Command(name = "guidelines", mixinStandardHelpOptions = true,
            description = "Print the labeling guidelines (guidelines.md in the workspace), or replace them from a file.")
    static final class GuidelinesCommand implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--set", paramLabel = "FILE", description = "Markdown file to replace the guidelines with.")
        java.nio.file.Path source;

        @Override
        public void run() {
            Guidelines guidelines = StudioCommand.studioOf(spec).guidelines();
            PrintWriter out = spec.commandLine().getOut();
            if (source == null) {
                out.print(guidelines.read());
            } else {
                try {
                    guidelines.write(java.nio.file.Files.readString(source, java.nio.charset.StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    throw new app.characterstudio.StudioException("Cannot read " + source + ": " + e.getMessage(), e);
                }
                out.println("Guidelines replaced: " + guidelines.file());
            }
            out.flush();
        }
    }

    @Command(name = "progress", mixinStandardHelpOptions = true,
            description = "Labeled and unlabeled turns (with replies) per character.")
    static final class Progress implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            List<GoalProgress> progress = StudioCommand.studioOf(spec).labels().goals();
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(progress.stream().map(p -> {
                    var node = Json.tree(p);
                    node.put("percent_of_goal", p.goal() > 0 ? Math.round(p.fraction() * 1000) / 10.0 : null);
                    return node;
                }).toList()));
            } else if (progress.isEmpty()) {
                out.println("No turns with replies yet.");
            } else {
                progress.forEach(p -> out.println(p.characterId() + "\t" + p.labeledTurns() + " labeled\t"
                        + p.unlabeledTurns() + " unlabeled\t" + p.describe()));
            }
            out.flush();
        }
    }
}
