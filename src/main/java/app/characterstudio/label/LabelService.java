package app.characterstudio.label;

import app.characterstudio.store.ConversationRepository;
import app.characterstudio.store.Database;
import app.characterstudio.store.LabelProgress;
import app.characterstudio.store.LabelRepository;
import app.characterstudio.store.LabelRow;
import app.characterstudio.store.QueuedTurn;
import app.characterstudio.store.SettingsRepository;
import app.characterstudio.store.StoreException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/** Saves and reads labels, checking them against the turn's replies, and reports progress. */
public final class LabelService {
    /** The longest labeler name. */
    public static final int MAX_LABELER_LENGTH = 80;
    private static final String LABELER_KEY = "labeler";
    private static final String GOAL_PREFIX = "goal.";

    private final ConversationRepository conversations;
    private final LabelRepository labels;
    private final SettingsRepository settings;
    private final LongSupplier clock;

    public LabelService(Database database) {
        this(database, System::currentTimeMillis);
    }

    /** @param clock Unix milliseconds, the time each label is stored at */
    public LabelService(Database database, LongSupplier clock) {
        this.conversations = new ConversationRepository(database);
        this.labels = new LabelRepository(database);
        this.settings = new SettingsRepository(database);
        this.clock = clock;
    }

    /** The workspace's labeler name, stored with every label saved here; "" until one is set. */
    public String labeler() {
        return settings.get(LABELER_KEY).orElse("");
    }

    /**
     * Sets the workspace's labeler name; labels made before any name was set become this labeler's.
     *
     * @return how many such labels were given the name
     * @throws LabelException for an empty name, one over {@value #MAX_LABELER_LENGTH} characters, or one
     *                        with control characters or a comma
     */
    public int setLabeler(String name) {
        String labeler = checkedLabeler(name);
        settings.put(LABELER_KEY, labeler);
        return labels.claimUnnamed(labeler);
    }

    /** Who made the turn's label ("" for a label made before a labeler name was set); empty without a label. */
    public Optional<String> labelerOf(long turnId) {
        return labels.labeler(turnId);
    }

    /**
     * Stores {@code label} (replacing the turn's previous label) and returns it as stored.
     *
     * @throws LabelException when it names replies of another turn, chooses a rejected reply, marks a
     *                        safety case without a chosen reply, or ranks a reply twice
     */
    public Label save(Label label) {
        return save(label, labeler());
    }

    /** As {@link #save(Label)}, recording {@code labeler} (not the workspace's name) as who made it. */
    public Label save(Label label, String labeler) {
        String by = labeler.isEmpty() ? "" : checkedLabeler(labeler);
        long turn = label.turnId();
        conversations.turn(turn).orElseThrow(() -> new LabelException("There is no turn " + turn + "."));
        Set<Long> replies = new HashSet<>(conversations.candidateIds(turn));
        requireReplies(turn, replies, label.chosenCandidateId() == null ? List.of() : List.of(label.chosenCandidateId()));
        requireReplies(turn, replies, label.rejected());
        requireReplies(turn, replies, label.ranking());
        requireReplies(turn, replies, List.copyOf(label.replyReasons().keySet()));
        if (label.chosenCandidateId() != null && label.rejected().contains(label.chosenCandidateId())) {
            throw new LabelException("Reply " + label.chosenCandidateId() + " cannot be both chosen and rejected.");
        }
        if (new HashSet<>(label.ranking()).size() != label.ranking().size()) {
            throw new LabelException("The ranking names a reply more than once: " + label.ranking() + ".");
        }
        if (new HashSet<>(label.rejected()).size() != label.rejected().size()) {
            throw new LabelException("The rejections name a reply more than once: " + label.rejected() + ".");
        }
        if (label.safetyCase() && label.chosenCandidateId() == null) {
            throw new LabelException("A safety case needs a chosen reply (the refusal or guided answer in character).");
        }
        Label stored = new Label(turn, label.chosenCandidateId(), label.rejected(), label.ranking(), label.reasons(),
                label.rationale(), label.safetyCase(), label.timeSpentMs(), clock.getAsLong(), label.editOriginsKept(),
                label.replyReasons());
        try {
            labels.save(toRow(stored), by);
        } catch (StoreException e) {
            throw new LabelException("The label of turn " + turn + " was not saved: " + e.getMessage());
        }
        return stored;
    }

    /**
     * Takes back the latest label change not undone yet (made here, in the window or on the command
     * line): the turn gets its label from before that change again, or none. Repeated calls go further back.
     *
     * @return what was undone; empty when there is nothing left to undo
     */
    public Optional<LabelUndo> undo() {
        return labels.undoLast().map(undone -> new LabelUndo(undone.turnId(), undone.sessionId(),
                undone.restored().map(LabelService::fromRow)));
    }

    /**
     * The next turn with replies but no chosen reply, over the sessions of {@code characters} (every
     * character when empty), after turn {@code afterTurn} of session {@code afterSession} (0, 0: from
     * the start), wrapping round; empty when all are labeled.
     */
    public Optional<QueuedTurn> next(List<String> characters, long afterSession, long afterTurn) {
        return labels.nextUnlabeled(List.copyOf(characters), afterSession, afterTurn);
    }

    /** As {@link #next(List, long, long)}, after turn {@code afterTurn} (0: from the start) of its session. */
    public Optional<QueuedTurn> next(List<String> characters, long afterTurn) {
        long session = afterTurn == 0 ? 0 : conversations.turn(afterTurn)
                .orElseThrow(() -> new LabelException("There is no turn " + afterTurn + ".")).sessionId();
        return next(characters, session, afterTurn);
    }

    /** Sets how many labeled turns {@code characterId} should reach; 0 removes the goal. */
    public void setGoal(String characterId, int goal) {
        if (characterId == null || characterId.isBlank()) {
            throw new LabelException("Name the character the goal is for.");
        }
        if (goal < 0 || goal > 1_000_000) {
            throw new LabelException("A labeling goal is 0 (none) to 1000000 turns, not " + goal + ".");
        }
        settings.put(GOAL_PREFIX + characterId, Integer.toString(goal));
    }

    /**
     * Progress per character toward its goal: characters with turns to label, and those with a goal.
     */
    public List<GoalProgress> goals() {
        java.util.Map<String, GoalProgress> all = new java.util.TreeMap<>();
        progress().forEach(p -> all.put(p.characterId(), new GoalProgress(p.characterId(), p.labeledTurns(),
                p.unlabeledTurns(), 0)));
        settings.withPrefix(GOAL_PREFIX).forEach((character, value) -> {
            GoalProgress p = all.getOrDefault(character, new GoalProgress(character, 0, 0, 0));
            all.put(character, new GoalProgress(character, p.labeledTurns(), p.unlabeledTurns(), Integer.parseInt(value)));
        });
        return List.copyOf(all.values());
    }

    public GoalProgress goal(String characterId) {
        return goals().stream().filter(g -> g.characterId().equals(characterId)).findFirst()
                .orElse(new GoalProgress(characterId, 0, 0, 0));
    }

    public Optional<Label> find(long turnId) {
        return labels.find(turnId).map(LabelService::fromRow);
    }

    public List<Label> ofSession(long sessionId) {
        return labels.ofSession(sessionId).stream().map(LabelService::fromRow).toList();
    }

    /** Labeled and unlabeled turns per character (turns with at least one reply). */
    public List<LabelProgress> progress() {
        return labels.progress();
    }

    public LabelProgress progress(String characterId) {
        return progress().stream().filter(p -> p.characterId().equals(characterId)).findFirst()
                .orElse(new LabelProgress(characterId, 0, 0));
    }

    private static String checkedLabeler(String name) {
        String labeler = name == null ? "" : name.strip();
        if (labeler.isEmpty()) {
            throw new LabelException("A labeler name must not be empty.");
        }
        if (labeler.length() > MAX_LABELER_LENGTH) {
            throw new LabelException("A labeler name has at most " + MAX_LABELER_LENGTH + " characters; this one has "
                    + labeler.length() + ".");
        }
        if (labeler.chars().anyMatch(c -> Character.isISOControl(c) || c == ',')) {
            throw new LabelException("A labeler name must not hold control characters or commas: '" + labeler + "'.");
        }
        return labeler;
    }

    private static void requireReplies(long turn, Set<Long> replies, List<Long> named) {
        for (Long id : named) {
            if (!replies.contains(id)) {
                throw new LabelException("Reply " + id + " is not a reply of turn " + turn
                        + " (its replies: " + replies.stream().sorted().toList() + ").");
            }
        }
    }

    private static LabelRow toRow(Label label) {
        return new LabelRow(label.turnId(), label.chosenCandidateId(), label.rejected(), label.ranking(),
                label.reasons().stream().map(ReasonTag::tag).toList(), label.rationale(), label.safetyCase(),
                label.timeSpentMs(), label.labeledAt(), label.editOriginsKept(),
                label.replyReasons().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        java.util.Map.Entry::getKey, e -> e.getValue().stream().map(ReasonTag::tag).toList())));
    }

    private static Label fromRow(LabelRow row) {
        EnumSet<ReasonTag> reasons = EnumSet.noneOf(ReasonTag.class);
        row.reasons().forEach(reason -> reasons.add(ReasonTag.parse(reason)));
        java.util.Map<Long, Set<ReasonTag>> byReply = new java.util.TreeMap<>();
        row.replyReasons().forEach((id, tags) -> byReply.put(id, tags.stream().map(ReasonTag::parse)
                .collect(java.util.stream.Collectors.toCollection(() -> EnumSet.noneOf(ReasonTag.class)))));
        return new Label(row.turnId(), row.chosenCandidateId(), row.rejected(), row.ranking(), reasons,
                row.rationale(), row.safetyCase(), row.timeSpentMs(), row.labeledAt(), row.editOriginsKept(), byReply);
    }
}
