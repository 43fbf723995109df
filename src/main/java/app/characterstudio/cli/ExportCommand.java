package app.characterstudio.cli;

import app.characterstudio.export.DatasetFormat;
import app.characterstudio.export.DatasetFormats;
import app.characterstudio.export.ExportOptions;
import app.characterstudio.export.ExportPlan;
import app.characterstudio.export.ExportResult;
import app.characterstudio.export.ExportService;
import app.characterstudio.export.RewardFilter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export --format F [options]}: writes a training dataset folder from the labels. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export labeled turns as a training dataset (SFT, preference, KTO).",
            "Formats: sharegpt-sft, sharegpt-dpo, alpaca-sft, alpaca-dpo, trl-sft, trl-dpo, openai-sft, openai-dpo, "
                    + "kto, index-sft, index-dpo.",
            "Writes data files, dataset_info.json (LLaMA-Factory formats) and manifest.json into --out, "
                    + "or exports/<format>-<yyyyMMdd-HHmmss>/ in the workspace; atomically."})
final class ExportCommand implements Callable<Integer>, ReadsOnly {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "Dataset format (see above).")
    String format;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder to write (new, empty, or an earlier export of this studio, holding nothing else, that is replaced).")
    Path out;

    @Option(names = "--character", paramLabel = "ID", arity = "1..*", description = "Only these characters.")
    List<String> characters = List.of();

    @Option(names = "--session", paramLabel = "ID", arity = "1..*", description = "Only these sessions.")
    List<Long> sessions = List.of();

    @Option(names = "--reason", paramLabel = "TAG", arity = "1..*",
            description = "Only labels with one of these reasons: ${COMPLETION-CANDIDATES}.",
            completionCandidates = ReasonTagCandidates.class)
    List<String> reasons = List.of();

    @Option(names = "--from", paramLabel = "DATE", description = "Labels from this day (yyyy-MM-dd, UTC).")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", description = "Labels up to this day, inclusive (yyyy-MM-dd, UTC).")
    LocalDate to;

    @Option(names = "--split", paramLabel = "RATIO", defaultValue = "0.9",
            description = "Share of SESSIONS for training (default ${DEFAULT-VALUE}; 1 = no validation file).")
    double split;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Split seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--system", paramLabel = "PART", defaultValue = "stored", converter = SystemPartConverter.class,
            description = {"System part of each row (and the whole prompt of index-* formats), default ${DEFAULT-VALUE}:",
                "  stored    the prompt exactly as stored with the chosen reply (retrieval included);",
                "            replies without one are rebuilt from the template, and counted",
                "  template  rebuilt from the default template, today's persona and the stored retrieval",
                "  persona   only 以下是<name>的人设： and the persona lines"})
    ExportOptions.SystemPart systemPart;

    @Option(names = "--with-retrieval", description = "Same as --system template (kept for older scripts).")
    boolean withRetrieval;

    @Option(names = "--edit-pairs", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = {"An edit chosen over the reply it was made from becomes a pair (edit chosen, original",
                "rejected), unless the creator took that back for the turn; on by default, --no-edit-pairs",
                "leaves the originals out (and no longer takes the newest edit as chosen when none is)."})
    boolean editPairs;

    @Option(names = "--labeler", paramLabel = "NAME", defaultValue = "own",
            description = "Whose labels: own (default: this workspace's), a labeler's name (own or merged from "
                    + "their bundle, see label import-bundle), or all (every labeler's; where they disagree see "
                    + "--conflicts).")
    String labeler;

    @Option(names = "--conflicts", paramLabel = "POLICY", defaultValue = "skip",
            description = "A turn whose labelers disagree (chosen or rejected replies differ): skip (default: left "
                    + "out and counted as 'labelers disagree') or latest (the label saved last).")
    String conflicts;

    @Option(names = "--dedup", paramLabel = "MODE", defaultValue = "exact",
            description = "Duplicate removal: exact, near (5-gram Jaccard >= 0.9) or none (default ${DEFAULT-VALUE}).")
    ExportOptions.Dedup dedup;

    @Option(names = "--min-length", paramLabel = "N", defaultValue = "0", description = "Minimum chosen reply length (characters).")
    int minLength;

    @Option(names = "--max-length", paramLabel = "N", defaultValue = "0", description = "Maximum chosen reply length (0 = none).")
    int maxLength;

    @Option(names = "--safety", paramLabel = "MODE", defaultValue = "include",
            description = "Safety cases: only, exclude or include (default ${DEFAULT-VALUE}).")
    ExportOptions.Safety safety;

    @Option(names = "--rm", paramLabel = "NAME", description = "Filter with a reward model's stored scores (its "
            + "name, or NAME@HASH as score prints it); see score --help.")
    String rm;

    @Option(names = "--min-score", paramLabel = "X", description = "With --rm: keep only chosen replies scored at "
            + "least X (a reply without a score is left out).")
    Double minScore;

    @Option(names = "--min-margin", paramLabel = "Y", description = "With --rm: keep only pairs whose chosen reply "
            + "scores at least Y above the rejected one.")
    Double minMargin;

    @Option(names = "--pairs", paramLabel = "WHOSE", defaultValue = "human", converter = PairsConverter.class,
            description = {"human (default): pairs from the labels only; rm: also pairs the reward model makes of",
                "UNLABELED turns with two or more scored replies (best over worst, where --min-margin passes, else",
                "any margin above 0), marked \"pair_source\": \"reward_model\" in every such row and counted apart",
                "in the manifest. Needs --rm and a preference format."})
    RewardFilter.Pairs pairs;

    @Option(names = "--preview", paramLabel = "N", defaultValue = "0",
            description = "Print the first N rows and the counts, write nothing.")
    int preview;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    static final class PairsConverter implements picocli.CommandLine.ITypeConverter<RewardFilter.Pairs> {
        @Override
        public RewardFilter.Pairs convert(String value) {
            try {
                return RewardFilter.Pairs.parse(value);
            } catch (app.characterstudio.export.ExportException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class SystemPartConverter implements picocli.CommandLine.ITypeConverter<ExportOptions.SystemPart> {
        @Override
        public ExportOptions.SystemPart convert(String value) {
            try {
                return ExportOptions.SystemPart.parse(value);
            } catch (app.characterstudio.export.ExportException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() {
        DatasetFormat datasetFormat = DatasetFormats.byId(format);
        ExportOptions options = new ExportOptions(Set.copyOf(characters), Set.copyOf(sessions), Set.copyOf(reasons),
                from, to, withRetrieval ? ExportOptions.SystemPart.TEMPLATE : systemPart, split, seed, dedup,
                minLength, maxLength, safety, editPairs,
                app.characterstudio.export.LabelSource.of(labeler, app.characterstudio.export.LabelSource.Conflicts.parse(conflicts)));
        RewardFilter reward = new RewardFilter(rm, minScore, minMargin, pairs);
        ExportService service = StudioCommand.studioOf(spec).exports();
        PrintWriter output = spec.commandLine().getOut();
        if (preview > 0) {
            ExportPlan plan = service.plan(datasetFormat, options, reward, app.characterstudio.export.ExportListener.NONE);
            if (json) {
                Map<String, Object> result = summary(plan);
                result.put("preview", plan.preview(preview));
                output.println(Json.write(result));
            } else {
                plan.preview(preview).forEach(output::println);
                output.println(describe(plan));
            }
            output.flush();
            return 0;
        }
        ExportResult result = service.export(datasetFormat, options, reward, out,
                app.characterstudio.export.ExportListener.NONE);
        if (json) {
            Map<String, Object> summary = summary(result.plan());
            summary.put("folder", result.folder().toString());
            summary.put("files", result.files());
            output.println(Json.write(summary));
        } else {
            output.println(describe(result.plan()));
            output.println("Written to " + result.folder() + ": " + String.join(", ", result.files()));
        }
        output.flush();
        return 0;
    }

    private static Map<String, Object> summary(ExportPlan plan) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("format", plan.format().id());
        summary.put("labeled_turns", plan.counts().labeledTurns());
        summary.put("records", plan.counts().records());
        summary.put("rows", plan.rowCount());
        summary.put("train_rows", plan.train().size());
        summary.put("validation_rows", plan.validation().size());
        summary.put("per_character", plan.counts().perCharacter());
        summary.put("per_reason", plan.counts().perReason());
        summary.put("removed", plan.counts().removed());
        summary.put("system_part", plan.options().systemPart().id());
        summary.put("prompts_rebuilt_from_template", plan.counts().rebuiltPrompts());
        summary.put("edit_pairs", plan.options().editPairs());
        summary.put("pairs_from_edits", plan.counts().editPairs());
        if (plan.reward().used()) {
            Map<String, Object> reward = new LinkedHashMap<>();
            reward.put("label", plan.reward().label());
            reward.put("layout", plan.reward().layout());
            reward.put("min_score", plan.reward().minScore());
            reward.put("min_margin", plan.reward().minMargin());
            reward.put("pairs", plan.reward().pairs().id());
            summary.put("reward_model", reward);
        }
        summary.put("pairs_from_reward_model", plan.counts().machinePairs());
        return summary;
    }

    private static String describe(ExportPlan plan) {
        StringBuilder text = new StringBuilder();
        text.append(plan.format().id()).append(": ").append(plan.rowCount()).append(" rows (train ")
                .append(plan.train().size()).append(", validation ").append(plan.validation().size()).append(") from ")
                .append(plan.counts().records()).append(" of ").append(plan.counts().labeledTurns())
                .append(" labeled turns");
        plan.counts().removed().forEach((why, count) -> text.append("\n  removed ").append(count).append(": ").append(why));
        text.append("\n  ").append(ExportPlan.editPairsText(plan));
        if (plan.reward().used()) {
            text.append("\n  ").append(plan.reward().describe(plan.counts().machinePairs()));
        }
        text.append("\n  system part: ").append(plan.options().systemPart().label());
        if (plan.counts().rebuiltPrompts() > 0) {
            text.append(" (").append(plan.counts().rebuiltPrompts())
                    .append(" without a stored prompt, rebuilt from the template)");
        }
        return text.toString();
    }
}
