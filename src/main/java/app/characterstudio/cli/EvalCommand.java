package app.characterstudio.cli;

import app.characterstudio.backend.Backend;
import app.characterstudio.backend.BackendReplyGenerator;
import app.characterstudio.eval.EvalReport;
import app.characterstudio.eval.EvalService;
import app.characterstudio.eval.ModelIdentity;
import app.characterstudio.eval.RewardScoring;
import app.characterstudio.eval.Sampling;
import app.characterstudio.eval.Stats;
import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.model.run.LoadedModel;
import app.characterstudio.model.tokenizer.Tokenizer;
import app.characterstudio.reward.RewardModel;
import app.characterstudio.store.EvalRepository.ItemRow;
import app.characterstudio.store.EvalRepository.RunRow;
import app.characterstudio.store.EvalRepository.SetRow;
import app.characterstudio.workspace.Studio;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eval}: CharacterEval-style evaluation runs (issue 14). */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a model on test sets: CharacterEval's own files or lines held out of your scripts.",
            "A run answers every item with the studio's own prompt (persona + retrieved exchanges + context); "
                + "a rerun with the same settings resumes it. Score it with a reward model, export CharacterEval's "
                + "files, and report means with 95%% intervals, groups, characters and paired differences."},
        subcommands = {EvalCommand.SetCommand.class, EvalCommand.Run.class, EvalCommand.Score.class,
            EvalCommand.Export.class, EvalCommand.Report.class, EvalCommand.Rate.class, EvalCommand.Runs.class,
            EvalCommand.ToSessions.class})
final class EvalCommand {
    private EvalCommand() {
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Test sets: import, build, list, show.",
            subcommands = {ImportCharacterEval.class, FromScripts.class, ListSets.class, ShowSet.class})
    static final class SetCommand {
    }

    @Command(name = "import-charactereval", mixinStandardHelpOptions = true,
            description = {"Import CharacterEval's data/ folder: test_data.jsonl (one JSON array of {id, role, "
                + "novel_name, context}), character_profiles.json (role -> profile; each used role becomes a persona "
                + "through the Chinese-profile importer unless one of that name exists) and id2metric.jsonl (id -> "
                + "[[metric_en, metric_zh], ...]).",
                "Every item is checked first (a role without a profile, a context line without '：', an id missing "
                + "from id2metric, a file of another shape): any problem is reported with the file and item id and "
                + "nothing is written."})
    static final class ImportCharacterEval implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The folder holding the three files.")
        Path dir;

        @Option(names = "--name", paramLabel = "NAME", description = "The set's name (default: charactereval).")
        String name;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public Integer call() {
            SetRow set = StudioCommand.studioOf(spec).evals().importCharacterEval(dir, name);
            printSet(spec, set, output.json());
            return 0;
        }
    }

    @Command(name = "from-scripts", mixinStandardHelpOptions = true,
            description = {"Build a set from the workspace's scripts: hold out N lines per character that answer "
                + "someone (drawn with the seed), the lines before them in their scene as context, the line itself "
                + "as the reference. Held-out lines are left out of retrieval while a run answers the set."})
    static final class FromScripts implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--character", required = true, arity = "1..*", paramLabel = "ID", description = "Character ids.")
        List<String> characters;

        @Option(names = "--per-character", required = true, paramLabel = "N", description = "Lines held out per character.")
        int perCharacter;

        @Option(names = "--seed", required = true, paramLabel = "S", description = "Same seed, same lines.")
        long seed;

        @Option(names = "--name", paramLabel = "NAME", description = "The set's name (default: scripts-seed-S).")
        String name;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public Integer call() {
            SetRow set = StudioCommand.studioOf(spec).evals().fromScripts(characters, perCharacter, seed, name);
            printSet(spec, set, output.json());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the test sets.")
    static final class ListSets implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            List<SetRow> sets = StudioCommand.studioOf(spec).evals().sets();
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(sets.stream().map(EvalCommand::setJson).toList()));
            } else {
                sets.forEach(s -> out.printf(Locale.ROOT, "%-24s %-13s %6d items  %s%n", s.name(), s.kind(), s.itemCount(),
                        s.source()));
            }
            out.flush();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a set's items.")
    static final class ShowSet implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            EvalService evals = StudioCommand.studioOf(spec).evals();
            SetRow set = evals.set(name);
            List<ItemRow> items = evals.items(set.id());
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Map<String, Object> value = setJson(set);
                value.put("items", items.stream().map(i -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("id", i.key());
                    item.put("character", i.characterId());
                    item.put("role", i.role());
                    item.put("novel_name", i.novel());
                    item.put("context", i.context());
                    item.put("reference", i.reference());
                    item.put("metrics", EvalService.metrics(i).stream().map(m -> List.of(m.en(), m.zh())).toList());
                    item.put("held_out", i.heldOutSource() == null ? null
                            : Map.of("source", i.heldOutSource(), "line", i.heldOutLine()));
                    return item;
                }).toList());
                out.println(Json.write(value));
            } else {
                out.printf(Locale.ROOT, "%s (%s, %d items): %s%n", set.name(), set.kind(), set.itemCount(), set.source());
                for (ItemRow i : items) {
                    out.printf(Locale.ROOT, "%s  %s%s  %s%n", i.key(), i.role(),
                            i.heldOutSource() == null ? "" : "  [held out: " + i.heldOutSource() + ":" + i.heldOutLine() + "]",
                            EvalService.metrics(i).stream().map(m -> m.en()).toList());
                }
            }
            out.flush();
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Answer every item of a set with a model, one reply per item, with the studio's own prompt "
                + "(persona + retrieved exchanges + context, as chat builds it). Progress and ETA go to stderr; "
                + "Ctrl+C stops after the current item and keeps every item answered.",
                "Rerunning with the same set, model weights, template, sampling and limit resumes the unfinished "
                + "run. The first line of each output is kept for scoring, as CharacterEval does."})
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--set", required = true, paramLabel = "NAME")
        String set;

        @Option(names = "--model", paramLabel = "DIR",
                description = {"Model folder or name under models/.",
                    "With --backend only its tokenizer.model is read, to count prompt tokens; its weights are not loaded."})
        String model;

        @Option(names = "--backend", paramLabel = "NAME",
                description = {"Answer on this inference server (see backend add) instead of the local engine. The run "
                    + "stores the backend's name, URLs and served model, and resumes only on the same ones."})
        String backendName;

        @Option(names = "--template", paramLabel = "VERSION",
                description = "Each character's template version VERSION (its own versions, else the default's; "
                        + "default: the template in force).")
        Integer template;

        @Option(names = "--max-new-tokens", paramLabel = "N")
        Integer maxNewTokens;

        @Option(names = "--temperature", paramLabel = "T", description = "0: greedy.")
        Double temperature;

        @Option(names = "--top-k", paramLabel = "K")
        Integer topK;

        @Option(names = "--top-p", paramLabel = "P")
        Double topP;

        @Option(names = "--repetition-penalty", paramLabel = "R")
        Double repetitionPenalty;

        @Option(names = "--seed", paramLabel = "S", description = "Item i samples with seed S+i (0: random).")
        Long seed;

        @Option(names = "--limit", paramLabel = "N", description = "Only the set's first N items.")
        Integer limit;

        @Option(names = "--batch", paramLabel = "N", defaultValue = "" + EvalService.DEFAULT_BATCH,
                description = "Items stored per transaction (default ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
                description = {"Items in flight at once (default: ${DEFAULT-VALUE}). With --backend, up to the "
                    + "backend's concurrency lets the server batch them; the local engine answers one item at a time "
                    + "(it batches the candidates of one prompt, not several prompts).",
                    "A failure keeps every item answered; rerun to continue."})
        int parallel;

        @Mixin
        DeviceOptions deviceOptions = new DeviceOptions();

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public Integer call() {
            Sampling d = Sampling.defaults();
            Sampling sampling;
            try {
                sampling = new Sampling(maxNewTokens != null ? maxNewTokens : d.maxNewTokens(),
                        temperature != null ? temperature : d.temperature(), topK != null ? topK : d.topK(),
                        topP != null ? topP : d.topP(), repetitionPenalty != null ? repetitionPenalty : d.repetitionPenalty(),
                        seed != null ? seed : d.seed());
            } catch (IllegalArgumentException e) {
                throw new app.characterstudio.eval.EvalException(e.getMessage());
            }
            if (model == null && backendName == null) {
                throw new app.characterstudio.eval.EvalException(
                        "eval run needs --model DIR (the local engine) or --backend NAME.");
            }
            if (parallel > 1 && backendName == null) {
                throw new app.characterstudio.eval.EvalException(
                        "--parallel above 1 needs --backend: the local engine answers one item at a time.");
            }
            if (backendName == null) {
                Studio studio = StudioCommand.studioOf(spec);
                LoadedModel loaded = studio.models().load(ModelCommand.resolveModelDir(spec, Path.of(model)),
                        deviceOptions.loadOptions(), LoadProgress.IGNORE, Cancellation.NEVER);
                return answer(sampling, ModelIdentity.of(loaded.folder(), loaded.format()), null);
            }
            Path modelDir = model == null ? null : Path.of(model);
            try (Tokenizer tokenizer = ChatCli.tokenizerOf(spec, modelDir)) {
                Studio studio = StudioCommand.studioOf(spec);
                Backend backend = studio.backends().get(backendName);
                studio.useChatPorts(ChatCli.backendPorts(spec, backendName, modelDir, tokenizer,
                        spec.commandLine().getErr()));
                String backendJson = BackendReplyGenerator.runDescription(backend);
                return answer(sampling, ModelIdentity.ofServer(BackendReplyGenerator.provenance(backend), backendJson),
                        backendJson);
            }
        }

        private int answer(Sampling sampling, ModelIdentity identity, String backendJson) {
            Studio studio = StudioCommand.studioOf(spec);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            AtomicBoolean cancelled = new AtomicBoolean();
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                cancelled.set(true);
                try {
                    finished.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "eval-run-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            EvalService.RunOutcome outcome;
            try {
                outcome = studio.evals().run(new EvalService.RunRequest(set, template, sampling, limit, batch, parallel),
                        identity,
                        backendJson, (done, total, rate, eta) -> {
                            err.printf(Locale.ROOT, "\r%d/%d items  %.2f items/s  ETA %s   ", done, total, rate, eta(eta));
                            err.flush();
                        }, cancelled::get);
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl+C: the hook is running and lets the JVM end once the replies are stored
                }
            }
            err.println();
            RunRow run = outcome.run();
            if (output.json()) {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("run", run.id());
                value.put("set", run.setName());
                value.put("model", run.modelName());
                value.put("weights_sha256", run.weightsHash());
                value.put("backend", run.backendJson() == null ? null : parse(run.backendJson()));
                value.put("done", outcome.done());
                value.put("total", outcome.total());
                value.put("resumed", outcome.resumed());
                value.put("cancelled", outcome.cancelled());
                out.println(Json.write(value));
            } else {
                out.printf(Locale.ROOT, "run %d%s: %d of %d items of '%s' answered by %s (%s)%s%n", run.id(),
                        outcome.resumed() ? " (resumed)" : "", outcome.done(), outcome.total(), run.setName(),
                        run.modelName(), identity.shortHash(), outcome.cancelled() ? "; stopped, rerun to continue" : "");
            }
            out.flush();
            return outcome.cancelled() ? 130 : 0;
        }

        private static String eta(double seconds) {
            if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                return "?";
            }
            long s = Math.round(seconds);
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "List the runs.")
    static final class Runs implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            List<RunRow> runs = StudioCommand.studioOf(spec).evals().runs();
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(runs.stream().map(EvalCommand::runJson).toList()));
            } else {
                runs.forEach(r -> out.printf(Locale.ROOT, "%4d  %-20s %-20s %s  %d replies  template %s%n", r.id(),
                        r.setName(), r.modelName(), r.weightsHash().substring(0, 12), r.replyCount(),
                        r.templateVersion() == null ? "in force" : "v" + r.templateVersion()));
            }
            out.flush();
        }
    }

    @Command(name = "score", mixinStandardHelpOptions = true,
            description = {"Score a run's replies with a scalar reward model (any folder the score command loads; "
                + "CharacterEval's BaichuanCharRM needs the fused W_pack attention of issue 13 first: until then, "
                + "score the exported generation_trans.jsonl with CharacterEval's own run_char_rm.py), on each item's "
                + "metrics.",
                "The model reads CharacterEval's exact text '<RoleInfo>\\n\\n{profile}\\n\\n<Context>\\n\\n{context}"
                + "\\n\\n<Response>\\n\\n{reply}\\n\\n<Dimension>\\n\\n{metric_zh}', its tokenizer's ids without special "
                + "tokens plus EOS, the last --max-tokens kept; score = head x --scale + --offset (CharacterEval: 4 and 1).",
                "Replies already scored by the same model are skipped: a stopped scoring resumes."})
    static final class Score implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "RUN")
        long run;

        @Option(names = "--rm", required = true, paramLabel = "DIR", description = "Reward model folder or name under models/.")
        String rm;

        @Option(names = "--scale", defaultValue = "4", paramLabel = "A", description = "Default ${DEFAULT-VALUE}.")
        double scale;

        @Option(names = "--offset", defaultValue = "1", paramLabel = "B", description = "Default ${DEFAULT-VALUE}.")
        double offset;

        @Option(names = "--max-tokens", defaultValue = "4096", paramLabel = "N",
                description = "Left-truncate to N ids (default ${DEFAULT-VALUE}, never past the model's positions).")
        int maxTokens;

        @Option(names = "--batch", defaultValue = "8", paramLabel = "N")
        int batch;

        @Mixin
        DeviceOptions deviceOptions = new DeviceOptions();

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public Integer call() {
            Studio studio = StudioCommand.studioOf(spec);
            Path dir = ModelCommand.resolveModelDir(spec, Path.of(rm));
            RewardScoring scoring = new RewardScoring(scale, offset, maxTokens, batch);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (RewardModel model = RewardModel.open(dir, deviceOptions.loadOptions(), LoadProgress.IGNORE,
                    Cancellation.NEVER)) {
                ModelFolder folder = model.folder();
                ModelIdentity identity = ModelIdentity.of(folder, folder.preferredFormat());
                String scorer = studio.evals().scoreWithRewardModel(run, model, identity, scoring, (done, total) -> {
                    err.printf(Locale.ROOT, "\r%d/%d replies scored   ", done, total);
                    err.flush();
                }, () -> false);
                err.println();
                if (output.json()) {
                    out.println(Json.write(Map.of("run", run, "scorer", scorer)));
                } else {
                    out.println("run " + run + " scored by " + scorer);
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write CharacterEval's own files for a run: generation.jsonl, generation_trans.jsonl and, "
                + "when the run was scored by a reward model, evaluation.jsonl (its compute_score.py reads it)."})
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "RUN")
        long run;

        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Option(names = "--rm", paramLabel = "NAME", description = "Which reward model's scores (when several).")
        String rm;

        @Override
        public Integer call() {
            List<Path> written = StudioCommand.studioOf(spec).evals().export(run, out, rm);
            PrintWriter printer = spec.commandLine().getOut();
            written.forEach(printer::println);
            printer.flush();
            return 0;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Per metric and per character: mean, 95%% interval (Student t) and count; the three "
                + "CharacterEval groups (mean of their metrics' means) and the average of all metric means; reference "
                + "overlap (char F1, ROUGE-L, length) and your ratings. With --compare, each row of the second run and "
                + "the paired difference (second minus first) with its interval and the paired t-test's p."})
    static final class Report implements Callable<Integer>, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "RUN")
        long run;

        @Option(names = "--compare", paramLabel = "RUN2")
        Long compare;

        @Option(names = "--rm", paramLabel = "NAME", description = "Which reward model's scores (when several).")
        String rm;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public Integer call() {
            EvalReport report = StudioCommand.studioOf(spec).evals().report(run, compare, rm);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("run", runJson(report.run()));
                value.put("compared", report.compared() == null ? null : runJson(report.compared()));
                value.put("scorer", report.scorer());
                value.put("metrics", rows(report.metrics()));
                value.put("groups", rows(report.groups()));
                value.put("average", report.average() == null ? null : rowJson(report.average()));
                value.put("characters", rows(report.characters()));
                value.put("character_metrics", report.characterMetrics().stream().map(c -> {
                    Map<String, Object> cell = new LinkedHashMap<>();
                    cell.put("character", c.character());
                    cell.put("metric", c.metric());
                    cell.put("mean", c.mean().mean());
                    cell.put("n", c.mean().count());
                    return cell;
                }).toList());
                value.put("reference", rows(report.reference()));
                value.put("human", rows(report.human()));
                value.put("changed_most", report.changed().stream().map(c -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("id", c.item().key());
                    item.put("role", c.item().role());
                    item.put("first", c.first());
                    item.put("second", c.second());
                    item.put("difference", c.difference());
                    return item;
                }).toList());
                out.println(Json.write(value));
            } else {
                out.printf(Locale.ROOT, "run %d (%s on '%s')%s, scores of %s%n", report.run().id(), report.run().modelName(),
                        report.run().setName(), report.compared() == null ? ""
                                : " vs run " + report.compared().id() + " (" + report.compared().modelName() + ")",
                        report.scorer() == null ? "no reward model" : report.scorer());
                section(out, "Metrics", report.metrics());
                section(out, "Groups", report.groups());
                if (report.average() != null) {
                    section(out, "", List.of(report.average()));
                }
                section(out, "Characters", report.characters());
                section(out, "Reference", report.reference());
                section(out, "Your ratings", report.human());
                if (!report.changed().isEmpty()) {
                    out.println("Changed most (item mean over the metrics both runs scored)");
                    report.changed().forEach(c -> out.printf(Locale.ROOT, "  %-10s %-12s %8.4f -> %8.4f  (%+.4f)%n",
                            c.item().key(), c.item().role(), c.first(), c.second(), c.difference()));
                }
            }
            out.flush();
            return 0;
        }

        private static void section(PrintWriter out, String title, List<EvalReport.Row> rows) {
            if (rows.isEmpty()) {
                return;
            }
            if (!title.isEmpty()) {
                out.println(title);
            }
            for (EvalReport.Row row : rows) {
                out.printf(Locale.ROOT, "  %-24s %s", row.name(), mean(row.first()));
                if (row.second() != null) {
                    out.printf(Locale.ROOT, "   %s", mean(row.second()));
                }
                if (row.paired() != null) {
                    out.printf(Locale.ROOT, "   diff %s  t %.3f  p %.4f", mean(row.paired().difference()), row.paired().t(),
                            row.paired().p());
                }
                out.println();
            }
        }

        private static String mean(Stats.Mean m) {
            return Double.isNaN(m.halfWidth())
                    ? String.format(Locale.ROOT, "%8.4f          (n=%d)", m.mean(), m.count())
                    : String.format(Locale.ROOT, "%8.4f ± %.4f (n=%d)", m.mean(), m.halfWidth(), m.count());
        }
    }

    @Command(name = "rate", mixinStandardHelpOptions = true,
            description = {"Store your own 1-5 rating of a reply on a metric (--item, --metric, --rating).",
                "With --sample N instead: list a random sample of N items the run answered, drawn with --seed (the "
                + "same seed, the same sample), each with its last context line, the reply and the metrics to rate."})
    static final class Rate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "RUN")
        long run;

        @Option(names = "--item", paramLabel = "ID", description = "The item's id in its set.")
        String item;

        @Option(names = "--metric", paramLabel = "METRIC_EN")
        String metric;

        @Option(names = "--rating", paramLabel = "1-5")
        Integer rating;

        @Option(names = "--sample", paramLabel = "N", description = "List N items drawn at random to rate.")
        Integer sample;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "The draw's seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public Integer call() {
            EvalService evals = StudioCommand.studioOf(spec).evals();
            if (sample != null) {
                return listSample(evals);
            }
            if (item == null || metric == null || rating == null) {
                throw new app.characterstudio.eval.EvalException(
                        "eval rate needs --item, --metric and --rating (or --sample N to list items to rate).");
            }
            RunRow row = evals.run(run);
            ItemRow found = evals.items(row.setId()).stream().filter(i -> i.key().equals(item)).findFirst()
                    .orElseThrow(() -> new app.characterstudio.eval.EvalException("Set '" + row.setName()
                            + "' has no item '" + item + "'."));
            evals.rate(run, found.id(), metric, rating);
            return 0;
        }

        private int listSample(EvalService evals) {
            PrintWriter out = spec.commandLine().getOut();
            List<Map<String, Object>> listed = new ArrayList<>();
            for (ItemRow i : evals.ratingSample(run, sample, seed)) {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("id", i.key());
                value.put("role", i.role());
                String[] lines = i.context().split("\n");
                value.put("last_line", lines[lines.length - 1]);
                value.put("reply", evals.reply(run, i.id()).orElseThrow().reply());
                value.put("metrics", EvalService.metrics(i).stream().map(m -> m.en()).toList());
                listed.add(value);
            }
            if (output.json()) {
                out.println(Json.write(listed));
            } else {
                listed.forEach(v -> out.printf(Locale.ROOT, "%s  %s  %s%n    %s：%s%n    rate: %s%n", v.get("id"),
                        v.get("role"), v.get("last_line"), v.get("role"), v.get("reply"), v.get("metrics")));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "to-sessions", mixinStandardHelpOptions = true,
            description = {"Send a run's low-scoring items into labeling sessions: one chat session per item, titled "
                + "'eval run RUN item ID', holding the item's context as the conversation and the run's reply (with "
                + "the prompt it answered) as the model's reply to the last message, to label or rewrite in the Chat "
                + "room. An item sent before keeps its session."})
    static final class ToSessions implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "RUN")
        long run;

        @Option(names = "--below", required = true, paramLabel = "X", description = "Items scoring below X.")
        double below;

        @Option(names = "--metric", paramLabel = "M",
                description = "Score on this metric (a reward-model metric, or char_f1, rouge_l, length); "
                        + "default: the mean of the item's reward-model scores.")
        String metric;

        @Option(names = "--rm", paramLabel = "NAME", description = "The reward model's scores when several scored the run.")
        String rm;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public Integer call() {
            List<EvalService.SentItem> sent = StudioCommand.studioOf(spec).evals().toSessions(run, below, metric, rm);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(sent.stream().map(s -> {
                    Map<String, Object> value = new LinkedHashMap<>();
                    value.put("id", s.item().key());
                    value.put("role", s.item().role());
                    value.put("score", s.score());
                    value.put("session", s.sessionId());
                    return value;
                }).toList()));
            } else {
                sent.forEach(s -> out.printf(Locale.ROOT, "%-10s %-12s %8.4f  session %d%n", s.item().key(),
                        s.item().role(), s.score(), s.sessionId()));
                out.printf(Locale.ROOT, "%d items below %s in %d sessions.%n", sent.size(), below, sent.size());
            }
            out.flush();
            return 0;
        }
    }

    private static void printSet(CommandSpec spec, SetRow set, boolean json) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(setJson(set)));
        } else {
            out.printf(Locale.ROOT, "set '%s': %d items (%s)%n", set.name(), set.itemCount(), set.kind());
        }
        out.flush();
    }

    private static Map<String, Object> setJson(SetRow set) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", set.name());
        value.put("kind", set.kind());
        value.put("items", set.itemCount());
        value.put("source", set.source());
        value.put("created_at", set.createdAt().toString());
        return value;
    }

    private static Map<String, Object> runJson(RunRow run) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", run.id());
        value.put("set", run.setName());
        value.put("model", run.modelName());
        value.put("weights_sha256", run.weightsHash());
        value.put("backend", run.backendJson() == null ? null : parse(run.backendJson()));
        value.put("template_version", run.templateVersion());
        value.put("sampling", parse(run.samplingJson()));
        value.put("retrieval", parse(run.retrievalJson()));
        value.put("replies", run.replyCount());
        return value;
    }

    private static Object parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return json;
        }
    }

    private static List<Map<String, Object>> rows(List<EvalReport.Row> rows) {
        List<Map<String, Object>> list = new ArrayList<>();
        rows.forEach(r -> list.add(rowJson(r)));
        return list;
    }

    private static Map<String, Object> rowJson(EvalReport.Row row) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", row.name());
        value.put("first", meanJson(row.first()));
        value.put("second", row.second() == null ? null : meanJson(row.second()));
        if (row.paired() != null) {
            Map<String, Object> paired = meanJson(row.paired().difference());
            paired.put("t", finite(row.paired().t()));
            paired.put("p", finite(row.paired().p()));
            value.put("difference", paired);
        }
        return value;
    }

    private static Map<String, Object> meanJson(Stats.Mean mean) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("mean", finite(mean.mean()));
        value.put("ci95_low", finite(mean.low()));
        value.put("ci95_high", finite(mean.high()));
        value.put("count", mean.count());
        return value;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
