package app.characterstudio.export;

import app.characterstudio.chat.PromptTemplate;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.store.ConversationRepository;
import app.characterstudio.store.Database;
import app.characterstudio.store.LabeledSession;
import app.characterstudio.store.RewardScoreRepository;
import app.characterstudio.store.ScorableTurn;
import app.characterstudio.store.ScoreSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Dataset export, shared by the window and the command line: {@link #plan} computes rows and counts
 * (for the preview), {@link #write} puts a plan on disk atomically, {@link #export} does both.
 */
public final class ExportService {
    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final LabeledTurnQuery query;
    private final Database database;
    private final ConversationRepository conversations;
    private final RewardScoreRepository scores;
    private final PersonaRepository personas;
    private final Path exportsDir;
    private final Clock clock;
    private final ExportWriter writer;

    public ExportService(Database database, PersonaRepository personas, Path exportsDir, Clock clock) {
        this.query = new LabeledTurnQuery(database);
        this.database = database;
        this.conversations = new ConversationRepository(database);
        this.scores = new RewardScoreRepository(database);
        this.personas = personas;
        this.exportsDir = exportsDir;
        this.clock = clock;
        this.writer = new ExportWriter(studioVersion());
    }

    public Path exportsDir() {
        return exportsDir;
    }

    /** Labeled turns per character id: what there is to export, before any option. */
    public java.util.Map<String, Integer> labelsPerCharacter() {
        return query.labelsPerCharacter();
    }

    /** The labelers whose labels this workspace holds (own and merged), sorted: what {@link LabelSource} can name. */
    public java.util.List<String> labelers() {
        String own = new app.characterstudio.label.LabelService(database).labeler();
        return new app.characterstudio.store.LabelBundleRepository(database).votes().stream()
                .map(vote -> vote.labeler().isEmpty() ? own : vote.labeler()).filter(name -> !name.isEmpty())
                .distinct().sorted().toList();
    }

    /** The sessions that have labels, newest first: what the session filter can choose from. */
    public java.util.List<LabeledSession> labeledSessions() {
        return conversations.labeledSessions();
    }

    /** Every row the export would write, and its counts; writes nothing. */
    public ExportPlan plan(DatasetFormat format, ExportOptions options, ExportListener listener) {
        return plan(format, options, RewardFilter.NONE, listener);
    }

    /** As {@link #plan(DatasetFormat, ExportOptions, ExportListener)}, filtered and paired by a reward model. */
    public ExportPlan plan(DatasetFormat format, ExportOptions options, RewardFilter reward, ExportListener listener) {
        PromptContext context = new PromptContext(PromptTemplate.characterDefault(), personas::find,
                options.systemPart());
        return new ExportPlanner(query).plan(format, options, select(format, options, reward), context, listener);
    }

    /** The reward model score sets an export can filter by: NAME@HASH labels, oldest first. */
    public java.util.List<String> rewardModels() {
        return scores.scoreSets().stream().map(ScoreSet::label).toList();
    }

    private RewardSelection select(DatasetFormat format, ExportOptions options, RewardFilter filter) {
        if (!filter.active()) {
            return RewardSelection.NONE;
        }
        if (filter.pairs() == RewardFilter.Pairs.RM && format.kind() != DatasetFormat.Kind.PREFERENCE) {
            throw new ExportException("--pairs rm makes chosen/rejected pairs; " + format.id()
                    + " is not a preference format.");
        }
        ScoreSet set = scores.findSet(filter.rm()).orElseThrow(() -> new ExportException("No reward model scores "
                + "called '" + filter.rm() + "' in this workspace" + (rewardModels().isEmpty()
                ? "; score replies first (score --model RM)." : "; known: " + String.join(", ", rewardModels()) + ".")));
        java.util.List<ScorableTurn> unlabeled = filter.pairs() != RewardFilter.Pairs.RM ? java.util.List.of()
                : scores.scorableTurns(options.characters(), options.sessions()).stream()
                .filter(t -> !t.labeled() && options.inScope(t.characterId(), t.sessionId(), t.createdAt())).toList();
        return new RewardSelection(filter, set, scores.scoresByTurnAndText(set.id()), unlabeled);
    }

    /** Writes {@code plan} into {@code folder}, or a new {@code exports/<format>-<time>/} when null. */
    public ExportResult write(ExportPlan plan, Path folder, ExportListener listener) {
        Path target = folder != null ? folder : defaultFolder(plan.format());
        return writer.write(plan, target, listener);
    }

    public ExportResult export(DatasetFormat format, ExportOptions options, Path folder, ExportListener listener) {
        return export(format, options, RewardFilter.NONE, folder, listener);
    }

    public ExportResult export(DatasetFormat format, ExportOptions options, RewardFilter reward, Path folder,
                               ExportListener listener) {
        ExportPlan plan = plan(format, options, reward, new ScaledListener(listener, 0.0, 0.4));
        return write(plan, folder, listener);
    }

    /** {@code exports/<format>-<yyyyMMdd-HHmmss>}; a suffix keeps two exports of one second apart. */
    public Path defaultFolder(DatasetFormat format) {
        String name = format.id() + "-" + LocalDateTime.now(clock).format(FOLDER_TIME);
        Path folder = exportsDir.resolve(name);
        for (int i = 2; Files.exists(folder); i++) {
            folder = exportsDir.resolve(name + "-" + i);
        }
        return folder;
    }

    static String studioVersion() {
        String version = ExportService.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    /** Maps the planning step's progress into a part of the whole export's progress. */
    private record ScaledListener(ExportListener inner, double from, double to) implements ExportListener {
        @Override
        public void progress(double fraction, String message) {
            inner.progress(from + (to - from) * fraction, message);
        }

        @Override
        public boolean isCancelled() {
            return inner.isCancelled();
        }
    }
}
