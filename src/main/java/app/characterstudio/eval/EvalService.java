package app.characterstudio.eval;

import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaImporter;
import app.characterstudio.persona.PersonaRenderer;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.reward.RewardModel;
import app.characterstudio.script.ScriptLibrary;
import app.characterstudio.store.Database;
import app.characterstudio.store.EvalRepository;
import app.characterstudio.store.EvalRepository.ItemDraft;
import app.characterstudio.store.EvalRepository.ItemRow;
import app.characterstudio.store.EvalRepository.ReplyRow;
import app.characterstudio.store.EvalRepository.RunRow;
import app.characterstudio.store.EvalRepository.ScoreRow;
import app.characterstudio.store.EvalRepository.SetRow;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Evaluation runs for the window and the command line alike: test sets (CharacterEval's files, or lines held out of
 * the workspace's scripts), runs of the loaded model over a set (resumable), scores (reference overlap, a reward
 * model, the creator's ratings), CharacterEval's own files, and the report.
 */
public final class EvalService {
    public static final String KIND_CHARACTER_EVAL = "charactereval";
    public static final String KIND_SCRIPTS = "scripts";
    /** Scorer of the reference-based metrics. */
    public static final String REFERENCE = "reference";
    public static final String CHAR_F1 = "char_f1";
    public static final String ROUGE_L = "rouge_l";
    public static final String LENGTH = "length";
    /** Items whose replies are stored together, in one transaction. */
    public static final int DEFAULT_BATCH = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EvalRepository repository;
    private final PersonaRepository personas;
    private final Supplier<ScriptLibrary> scripts;
    private final ChatPromptAssembly prompts;

    public EvalService(Database database, PersonaRepository personas, Supplier<ScriptLibrary> scripts,
                       ChatPromptAssembly prompts) {
        this.repository = new EvalRepository(database);
        this.personas = Objects.requireNonNull(personas, "personas");
        this.scripts = Objects.requireNonNull(scripts, "scripts");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
    }

    // ---- sets ----

    /**
     * Imports CharacterEval's {@code data/} folder as a set named {@code name}: every role's profile becomes a persona
     * through the persona importer (a persona of that name already in the workspace is used as it is), linked to the
     * items by name. Every item is checked first; on any problem nothing is written.
     */
    public SetRow importCharacterEval(Path dir, String name) {
        String setName = name == null || name.isBlank() ? "charactereval" : name.strip();
        requireFreeName(setName);
        CharacterEvalFiles.Contents contents = CharacterEvalFiles.read(dir);
        Set<String> usedRoles = new HashSet<>();
        contents.items().forEach(item -> usedRoles.add(item.role()));
        PersonaImporter.Imported imported = personas.read(contents.profilesFile());
        List<String> roles = new ArrayList<>(contents.profiles().keySet());
        if (imported.personas().size() != roles.size()) {
            throw new EvalException(contents.profilesFile() + ": the persona importer read " + imported.personas().size()
                    + " profiles, but the file has " + roles.size() + " roles.");
        }
        Map<String, String> existing = new HashMap<>();
        personas.list().forEach(p -> existing.putIfAbsent(p.name(), p.id()));
        List<Persona> toStore = new ArrayList<>();
        List<String> rolesToStore = new ArrayList<>();
        for (int i = 0; i < roles.size(); i++) {
            if (usedRoles.contains(roles.get(i)) && !existing.containsKey(roles.get(i))) {
                toStore.add(imported.personas().get(i));
                rolesToStore.add(roles.get(i));
            }
        }
        Map<String, String> profileTexts = new LinkedHashMap<>();
        contents.profiles().forEach((role, profile) -> {
            if (usedRoles.contains(role)) {
                profileTexts.put(role, PythonRepr.of(profile));
            }
        });
        SetRow[] stored = new SetRow[1];
        personas.store(new PersonaImporter.Imported(imported.format(), toStore, null), created -> {
            Map<String, String> ids = new HashMap<>(existing);
            for (int i = 0; i < created.size(); i++) {
                ids.put(rolesToStore.get(i), created.get(i).id());
            }
            List<ItemDraft> drafts = contents.items().stream().map(item -> new ItemDraft(item.key(), ids.get(item.role()),
                    item.role(), item.novel(), item.context(), null, metricsJson(item.metrics()), null, null)).toList();
            stored[0] = repository.createSet(setName, KIND_CHARACTER_EVAL, dir.toAbsolutePath().toString(), drafts,
                    profileTexts, () -> { });
        });
        return stored[0];
    }

    /**
     * Builds a set from the workspace's scripts: for each character, {@code perCharacter} of its lines that answer
     * someone else, drawn with {@code seed}, each with the lines before it in its scene as context and itself as the
     * reference. The lines are marked held out: a run leaves them out of the retrieved exchanges.
     */
    public SetRow fromScripts(List<String> characterIds, int perCharacter, long seed, String name) {
        if (characterIds.isEmpty() || perCharacter < 1) {
            throw new EvalException("Name at least one character and hold out at least one exchange per character.");
        }
        String setName = name == null || name.isBlank() ? "scripts-seed-" + seed : name.strip();
        requireFreeName(setName);
        List<ItemDraft> drafts = new ArrayList<>();
        Map<String, String> profileTexts = new LinkedHashMap<>();
        for (String id : characterIds) {
            Persona persona = personas.find(id).orElseThrow(() -> new EvalException("There is no character '" + id
                    + "' in " + personas.charactersDir() + "."));
            drafts.addAll(ScriptHoldOut.draw(scripts.get(), persona, perCharacter, seed));
            profileTexts.put(roleName(persona), PersonaRenderer.personaText(persona));
        }
        return repository.createSet(setName, KIND_SCRIPTS, "scripts of " + String.join(", ", characterIds)
                + ", " + perCharacter + " per character, seed " + seed, drafts, profileTexts, () -> { });
    }

    public List<SetRow> sets() {
        return repository.sets();
    }

    public SetRow set(String name) {
        return repository.set(name).orElseThrow(() -> new EvalException("There is no test set named '" + name
                + "'. Sets: " + repository.sets().stream().map(SetRow::name).toList() + "."));
    }

    public List<ItemRow> items(long setId) {
        return repository.items(setId);
    }

    public static List<Metric> metrics(ItemRow item) {
        try {
            List<Metric> metrics = new ArrayList<>();
            for (JsonNode pair : JSON.readTree(item.metricsJson())) {
                metrics.add(new Metric(pair.get(0).asText(), pair.get(1).asText()));
            }
            return metrics;
        } catch (JsonProcessingException e) {
            throw new EvalException("Item " + item.key() + " holds unreadable metrics: " + item.metricsJson(), e);
        }
    }

    // ---- runs ----

    /** What to run: the set, a version of the default template (null: each character's template in force), sampling. */
    public record RunRequest(String setName, Integer templateVersion, Sampling sampling, Integer limit, int batchSize,
                             int parallel) {
        /** The most items one run answers at once. */
        public static final int MAX_PARALLEL = 256;

        /** Items answered one at a time (the local engine batches candidates of one prompt, never several prompts). */
        public RunRequest(String setName, Integer templateVersion, Sampling sampling, Integer limit, int batchSize) {
            this(setName, templateVersion, sampling, limit, batchSize, 1);
        }

        public RunRequest {
            if (parallel < 1 || parallel > MAX_PARALLEL) {
                throw new EvalException("--parallel must be between 1 and " + MAX_PARALLEL + ", not " + parallel + ".");
            }
            Objects.requireNonNull(setName, "setName");
            Objects.requireNonNull(sampling, "sampling");
            if (limit != null && limit < 1) {
                throw new EvalException("--limit must be at least 1, got " + limit + ".");
            }
            if (batchSize < 1) {
                throw new EvalException("the batch must hold at least one item, got " + batchSize + ".");
            }
        }
    }

    /** Progress of a run: items done of the run's total, and the rate over this session. */
    @FunctionalInterface
    public interface RunListener {
        void onProgress(int done, int total, double itemsPerSecond, double etaSeconds);

        RunListener IGNORE = (done, total, rate, eta) -> { };
    }

    /** How a run call ended: the run, items done of total, whether it was resumed and whether it was cancelled. */
    public record RunOutcome(RunRow run, int done, int total, boolean resumed, boolean cancelled) {
    }

    /**
     * Runs the loaded model ({@code model} names it) over a set. A run of the same set, weights, template, sampling and
     * limit is resumed: its items done are kept and the rest answered, none twice (a finished one is returned as it is). Replies are stored
     * {@link RunRequest#batchSize()} items to a transaction; a cancel or a failure keeps every item answered so far.
     */
    public RunOutcome run(RunRequest request, ModelIdentity model, RunListener listener, BooleanSupplier cancelled) {
        return run(request, model, null, listener, cancelled);
    }

    /**
     * As {@link #run(RunRequest, ModelIdentity, RunListener, BooleanSupplier)}, the replies coming from whatever chat's
     * generator port is; {@code backendJson} names the inference server behind it (stored with the run; null: the local
     * engine). A run resumes only with the same backend.
     */
    public RunOutcome run(RunRequest request, ModelIdentity model, String backendJson, RunListener listener,
                          BooleanSupplier cancelled) {
        if (!prompts.modelAvailable()) {
            throw new EvalException("No model is loaded: load the model to evaluate first (eval run --model DIR).");
        }
        SetRow set = set(request.setName());
        List<ItemRow> items = repository.items(set.id());
        if (request.limit() != null && request.limit() < items.size()) {
            items = items.subList(0, request.limit());
        }
        String samplingJson = request.sampling().json();
        RunRow run = repository.runs().stream()
                .filter(r -> r.setId() == set.id() && r.weightsHash().equals(model.weightsHash())
                        && Objects.equals(r.templateVersion(), request.templateVersion())
                        && r.samplingJson().equals(samplingJson) && Objects.equals(r.itemLimit(), request.limit())
                        && Objects.equals(r.backendJson(), backendJson))
                .reduce((first, second) -> second).orElse(null);
        boolean resumed = run != null;
        if (run == null) {
            run = repository.createRun(new EvalRepository.RunDraft(set.id(), model.name(), model.weightsHash(),
                    request.templateVersion(), samplingJson, RETRIEVAL_SETTINGS, request.limit(), backendJson));
        }
        Set<Long> done = new HashSet<>();
        repository.replies(run.id()).forEach(r -> done.add(r.itemId()));
        List<HeldOutLine> heldOut = items.stream().filter(i -> i.heldOutSource() != null)
                .map(i -> new HeldOutLine(i.heldOutSource(), i.heldOutLine())).toList();
        Map<String, ChatPromptAssembly.Template> templates = new HashMap<>();
        Map<String, Persona> characters = new HashMap<>();
        List<ItemRow> todo = items.stream().filter(i -> !done.contains(i.id())).toList();
        int total = items.size();
        int count = done.size();
        int answeredHere = 0;
        long started = System.nanoTime();
        List<ReplyRow> batch = new ArrayList<>();
        boolean wasCancelled = false;
        ExecutorService pool = request.parallel() > 1 ? Executors.newFixedThreadPool(request.parallel(), runnable -> {
            Thread thread = new Thread(runnable, "eval-run");
            thread.setDaemon(true);
            return thread;
        }) : null;
        try {
            for (int from = 0; from < todo.size() && !wasCancelled; from += request.parallel()) {
                if (cancelled.getAsBoolean()) {
                    wasCancelled = true;
                    break;
                }
                List<ItemRow> wave = todo.subList(from, Math.min(todo.size(), from + request.parallel()));
                List<Answer> answers = new ArrayList<>();
                for (ItemRow item : wave) {
                    Persona persona = characters.computeIfAbsent(item.characterId(), prompts::persona);
                    ChatPromptAssembly.Template template = templates.computeIfAbsent(item.characterId(),
                            id -> prompts.template(id, request.templateVersion()));
                    answers.add(new Answer(item, template, prompts.prompt(persona, contextLines(item, persona), template,
                            heldOut, request.sampling().maxNewTokens())));
                }
                RuntimeException failure = answer(answers, request.sampling(), pool, cancelled);
                for (Answer answer : answers) {
                    if (answer.output == null) {
                        continue;
                    }
                    if (answer.output.cancelled()) {
                        wasCancelled = true;
                        continue;
                    }
                    batch.add(new ReplyRow(run.id(), answer.item.id(), answer.prompt.text(), answer.output.text(),
                            firstLine(answer.output.text()), answer.template.id(), answer.prompt.retrievalJson(),
                            answer.millis));
                    count++;
                    answeredHere++;
                    if (batch.size() >= request.batchSize()) {
                        store(batch, items);
                    }
                }
                if (failure != null) {
                    throw failure;
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                double rate = seconds > 0 ? answeredHere / seconds : 0;
                listener.onProgress(count, total, rate, rate > 0 ? (total - count) / rate : Double.NaN);
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            store(batch, items);
        }
        RunRow stored = repository.run(run.id()).orElseThrow();
        return new RunOutcome(stored, stored.replyCount(), total, resumed, wasCancelled);
    }

    /** One item in a wave: its prompt, then its output (null while unanswered or when it failed). */
    private static final class Answer {
        final ItemRow item;
        final ChatPromptAssembly.Template template;
        final ChatPromptAssembly.Prompt prompt;
        ChatPromptAssembly.Output output;
        double millis;

        Answer(ItemRow item, ChatPromptAssembly.Template template, ChatPromptAssembly.Prompt prompt) {
            this.item = item;
            this.template = template;
            this.prompt = prompt;
        }
    }

    /**
     * Answers a wave: in turn without a pool, else all at once on it (an inference server batches requests in flight).
     * Every answer that came back is kept; the first failure is returned, unless it came from a cancel.
     */
    private RuntimeException answer(List<Answer> answers, Sampling sampling, ExecutorService pool,
                                     BooleanSupplier cancelled) {
        List<Future<?>> futures = new ArrayList<>();
        RuntimeException failure = null;
        for (Answer answer : answers) {
            Runnable task = () -> {
                long start = System.nanoTime();
                try {
                    answer.output = prompts.generate(answer.prompt, sampling, sampling.seedFor(answer.item.position()),
                            cancelled);
                } catch (RuntimeException e) {
                    if (!cancelled.getAsBoolean()) {
                        throw e;
                    }
                    answer.output = new ChatPromptAssembly.Output("", true);     // stopped while reading the prompt
                }
                answer.millis = (System.nanoTime() - start) / 1e6;
            };
            if (pool == null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    return e;
                }
                if (answer.output.cancelled()) {
                    break;
                }
            } else {
                futures.add(pool.submit(task));
            }
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new EvalException(
                            "Generation failed: " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new EvalException("Interrupted while waiting for replies.", e);
            }
        }
        return failure;
    }

    /** The retrieval a run uses, recorded with it. */
    static final String RETRIEVAL_SETTINGS = "{\"retriever\":\"workspace scripts (chat's ExchangeRetriever)\","
            + "\"window_lines\":" + ChatPromptAssembly.RETRIEVAL_WINDOW_LINES + ",\"held_out_lines_excluded\":true}";

    /** Stores a batch with its reference scores, then empties it. */
    private void store(List<ReplyRow> batch, List<ItemRow> items) {
        if (batch.isEmpty()) {
            return;
        }
        Map<Long, ItemRow> byId = new HashMap<>();
        items.forEach(i -> byId.put(i.id(), i));
        repository.addReplies(List.copyOf(batch));
        List<ScoreRow> scores = new ArrayList<>();
        for (ReplyRow reply : batch) {
            ItemRow item = byId.get(reply.itemId());
            scores.add(new ScoreRow(item.id(), REFERENCE, LENGTH, TextScores.length(reply.reply())));
            if (item.reference() != null) {
                scores.add(new ScoreRow(item.id(), REFERENCE, CHAR_F1, TextScores.charF1(reply.reply(), item.reference())));
                scores.add(new ScoreRow(item.id(), REFERENCE, ROUGE_L, TextScores.rougeL(reply.reply(), item.reference())));
            }
        }
        repository.putScores(batch.get(0).runId(), scores);
        batch.clear();
    }

    /** CharacterEval keeps the first line of the output for scoring ("prevent continuous generation"). */
    public static String firstLine(String output) {
        int newline = output.indexOf('\n');
        return newline < 0 ? output : output.substring(0, newline);
    }

    public List<RunRow> runs() {
        return repository.runs();
    }

    public RunRow run(long id) {
        return repository.run(id).orElseThrow(() -> new EvalException("There is no run " + id + "."));
    }

    public List<ReplyRow> replies(long runId) {
        return repository.replies(runId);
    }

    /** A run's reply to one item, if it has answered it. */
    public java.util.Optional<ReplyRow> reply(long runId, long itemId) {
        return repository.replies(runId).stream().filter(r -> r.itemId() == itemId).findFirst();
    }

    public List<ScoreRow> scores(long runId) {
        return repository.scores(runId);
    }

    // ---- scores ----

    /** Progress of scoring: texts scored of all. */
    @FunctionalInterface
    public interface ScoreListener {
        void onProgress(int done, int total);
    }

    /**
     * Scores every reply of a run on each of its item's metrics with a reward model, as {@link RewardScoring} says.
     * Scores are stored under the scorer {@code rm:<name>@<hash>}; replies this scorer already scored are skipped, so
     * a cancelled scoring resumes. Returns the scorer's name.
     */
    public String scoreWithRewardModel(long runId, RewardModel rm, ModelIdentity rmIdentity, RewardScoring scoring,
                                       ScoreListener listener, BooleanSupplier cancelled) {
        RunRow run = run(runId);
        String scorer = "rm:" + rmIdentity.name() + "@" + rmIdentity.shortHash();
        Set<Long> scored = new HashSet<>();
        repository.scores(runId).stream().filter(s -> s.scorer().equals(scorer)).forEach(s -> scored.add(s.itemId()));
        Map<Long, ItemRow> items = new HashMap<>();
        repository.items(run.setId()).forEach(i -> items.put(i.id(), i));
        Map<String, String> profiles = repository.profiles(run.setId());
        int maxTokens = Math.min(scoring.maxTokens(), rm.maxPositions());
        List<ReplyRow> todo = repository.replies(runId).stream().filter(r -> !scored.contains(r.itemId())).toList();
        int total = todo.size();
        int done = 0;
        for (int from = 0; from < todo.size() && !cancelled.getAsBoolean(); from += scoring.batchSize()) {
            List<ReplyRow> chunk = todo.subList(from, Math.min(todo.size(), from + scoring.batchSize()));
            List<String> texts = new ArrayList<>();
            List<ScoreRow> pending = new ArrayList<>();
            for (ReplyRow reply : chunk) {
                ItemRow item = items.get(reply.itemId());
                for (Metric metric : metrics(item)) {
                    texts.add(rewardText(item, profiles, reply.reply(), metric));
                    pending.add(new ScoreRow(item.id(), scorer, metric.en(), 0));
                }
            }
            List<Double> heads = rm.scoreTruncated(texts, maxTokens, scoring.batchSize());
            List<ScoreRow> rows = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                ScoreRow p = pending.get(i);
                rows.add(new ScoreRow(p.itemId(), p.scorer(), p.metric(), scoring.transform(heads.get(i))));
            }
            repository.putScores(runId, rows);
            done += chunk.size();
            listener.onProgress(done, total);
        }
        return scorer;
    }

    /** The exact text the reward model reads for an item's reply on a metric. */
    public String rewardText(ItemRow item, Map<String, String> profiles, String reply, Metric metric) {
        String profile = profiles.get(item.role());
        if (profile == null) {
            throw new EvalException("Item " + item.key() + ": the set holds no profile for role '" + item.role() + "'.");
        }
        return RewardScoring.text(profile, item.context(), reply, metric.zh());
    }

    public Map<String, String> profiles(long setId) {
        return repository.profiles(setId);
    }

    /** The creator's own 1-5 rating of a reply on a metric (replaces an earlier one). */
    public void rate(long runId, long itemId, String metric, int rating) {
        if (rating < 1 || rating > 5) {
            throw new EvalException("A rating is 1 to 5, not " + rating + ".");
        }
        repository.rate(runId, itemId, metric, rating);
    }

    /**
     * The items to rate: every item the run answered in set order ({@code size} null), or a random sample of
     * {@code size} of them drawn with {@code seed} (the same seed, the same sample, in the order drawn).
     */
    public List<ItemRow> ratingSample(long runId, Integer size, long seed) {
        RunRow run = run(runId);
        Set<Long> answered = new HashSet<>();
        repository.replies(runId).forEach(r -> answered.add(r.itemId()));
        List<ItemRow> items = new ArrayList<>(repository.items(run.setId()).stream()
                .filter(i -> answered.contains(i.id())).toList());
        if (size == null) {
            return items;
        }
        if (size < 1) {
            throw new EvalException("A sample holds at least one item, not " + size + ".");
        }
        java.util.Collections.shuffle(items, new java.util.Random(seed));
        return List.copyOf(items.subList(0, Math.min(size, items.size())));
    }

    public List<EvalRepository.RatingRow> ratings(long runId) {
        return repository.ratings(runId);
    }

    // ---- labeling sessions ----

    /** An item sent to the Chat room: the session made for it (or found from an earlier send) and its score. */
    public record SentItem(ItemRow item, long sessionId, double score) {
    }

    /**
     * Sends the run's items scoring below {@code below} into labeling sessions ({@link #toSessions(long, List)}). An
     * item's score is its score on {@code metric} (the reward model's, or a reference metric: char_f1, rouge_l,
     * length), or without a metric the mean of its reward-model scores.
     */
    public List<SentItem> toSessions(long runId, double below, String metric, String rmScorer) {
        Map<Long, Double> scores = itemScores(runId, metric, rmScorer);
        List<Long> low = new ArrayList<>();
        scores.forEach((item, score) -> {
            if (score < below) {
                low.add(item);
            }
        });
        return toSessions(runId, low, scores);
    }

    /**
     * A chat session per item: the item's context as the conversation, the run's reply (the line kept for scoring) as
     * the model's reply to its last message with the prompt it answered, titled {@code eval run R item KEY}. An item
     * sent before keeps its session (none is made twice); an item the run has not answered is refused first.
     */
    public List<SentItem> toSessions(long runId, List<Long> itemIds) {
        return toSessions(runId, itemIds, Map.of());
    }

    private List<SentItem> toSessions(long runId, List<Long> itemIds, Map<Long, Double> scores) {
        RunRow run = run(runId);
        Map<Long, ItemRow> items = new HashMap<>();
        repository.items(run.setId()).forEach(i -> items.put(i.id(), i));
        Map<Long, ReplyRow> replies = new HashMap<>();
        repository.replies(runId).forEach(r -> replies.put(r.itemId(), r));
        for (Long id : itemIds) {
            if (!items.containsKey(id) || !replies.containsKey(id)) {
                throw new EvalException("Run " + runId + " has no reply to item " + (items.containsKey(id)
                        ? items.get(id).key() : "#" + id) + "; nothing was sent.");
            }
        }
        List<SentItem> sent = new ArrayList<>();
        for (Long id : itemIds.stream().sorted(java.util.Comparator.comparingInt(i -> items.get(i).position())).toList()) {
            ItemRow item = items.get(id);
            ReplyRow reply = replies.get(id);
            Persona persona = prompts.persona(item.characterId());
            long session = prompts.session(persona, "eval run " + runId + " item " + item.key(),
                    contextLines(item, persona), reply.prompt(), reply.reply(), run.modelName(), run.samplingJson(),
                    reply.templateId(), reply.retrievalJson());
            sent.add(new SentItem(item, session, scores.getOrDefault(id, Double.NaN)));
        }
        return sent;
    }

    /** Each answered item's score on {@code metric}, or the mean of its reward-model scores when it is null. */
    private Map<Long, Double> itemScores(long runId, String metric, String rmScorer) {
        List<ScoreRow> all = repository.scores(runId);
        String scorer = EvalReport.rewardScorer(all, rmScorer);
        boolean reference = metric != null && List.of(CHAR_F1, ROUGE_L, LENGTH).contains(metric);
        if (metric == null && scorer == null) {
            throw new EvalException("Run " + runId + " has no reward-model scores: score it (eval score) or name a "
                    + "--metric (" + CHAR_F1 + ", " + ROUGE_L + ", " + LENGTH + ").");
        }
        Map<Long, List<Double>> values = new LinkedHashMap<>();
        for (ScoreRow score : all) {
            boolean counts = reference ? score.scorer().equals(REFERENCE) && score.metric().equals(metric)
                    : score.scorer().equals(scorer) && (metric == null || score.metric().equals(metric));
            if (counts) {
                values.computeIfAbsent(score.itemId(), id -> new ArrayList<>()).add(score.value());
            }
        }
        if (metric != null && values.isEmpty()) {
            throw new EvalException("Run " + runId + " has no scores on metric '" + metric + "'; its metrics: "
                    + all.stream().map(ScoreRow::metric).distinct().sorted().toList() + ".");
        }
        Map<Long, Double> means = new LinkedHashMap<>();
        values.forEach((id, list) -> means.put(id, list.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
        return means;
    }

    // ---- export and report ----

    /** Writes CharacterEval's generation.jsonl, generation_trans.jsonl and (when scored) evaluation.jsonl. */
    public List<Path> export(long runId, Path outDir, String rmScorer) {
        RunRow run = run(runId);
        String scorer = rmScorer != null ? rmScorer : EvalReport.rewardScorer(repository.scores(runId), null);
        return CharacterEvalExport.write(outDir, repository.items(run.setId()), repository.replies(runId),
                repository.scores(runId), scorer);
    }

    /** The report of a run, beside a second run of the same set when {@code compareRunId} is not null. */
    public EvalReport report(long runId, Long compareRunId, String rmScorer) {
        RunRow first = run(runId);
        RunRow second = compareRunId == null ? null : run(compareRunId);
        if (second != null && second.setId() != first.setId()) {
            throw new EvalException("Runs " + runId + " and " + compareRunId + " answer different sets ('"
                    + first.setName() + "', '" + second.setName() + "'); only runs of one set pair up.");
        }
        List<ItemRow> items = repository.items(first.setId());
        return EvalReport.of(first, second, items, repository.scores(runId), repository.ratings(runId),
                second == null ? List.of() : repository.scores(second.id()),
                second == null ? List.of() : repository.ratings(second.id()), rmScorer);
    }

    // ---- helpers ----

    static String metricsJson(List<Metric> metrics) {
        ArrayNode array = JSON.createArrayNode();
        metrics.forEach(m -> array.addArray().add(m.en()).add(m.zh()));
        return array.toString();
    }

    static String roleName(Persona persona) {
        return persona.name().isBlank() ? persona.id() : persona.name();
    }

    private static List<String[]> contextLines(ItemRow item, Persona persona) {
        List<String[]> lines = new ArrayList<>();
        String role = roleName(persona);
        for (String[] line : CharacterEvalFiles.lines(item.context())) {
            lines.add(new String[] {line[0].equals(item.role()) ? role : line[0], line.length > 1 ? line[1] : ""});
        }
        return lines;
    }

    private void requireFreeName(String name) {
        if (repository.set(name).isPresent()) {
            throw new EvalException("There is already a test set named '" + name + "'; choose another --name.");
        }
    }
}
