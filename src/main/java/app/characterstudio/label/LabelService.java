package app.characterstudio.label;

import app.characterstudio.store.ConversationRepository;
import app.characterstudio.store.Database;
import app.characterstudio.store.LabelProgress;
import app.characterstudio.store.LabelRepository;
import app.characterstudio.store.LabelRow;
import app.characterstudio.store.StoreException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/** Saves and reads labels, checking them against the turn's replies, and reports progress. */
public final class LabelService {
    private final ConversationRepository conversations;
    private final LabelRepository labels;
    private final LongSupplier clock;

    public LabelService(Database database) {
        this(new ConversationRepository(database), new LabelRepository(database), System::currentTimeMillis);
    }

    public LabelService(ConversationRepository conversations, LabelRepository labels, LongSupplier clock) {
        this.conversations = conversations;
        this.labels = labels;
        this.clock = clock;
    }

    /**
     * Stores {@code label} (replacing the turn's previous label) and returns it as stored.
     *
     * @throws LabelException when it names replies of another turn, chooses a rejected reply, marks a
     *                        safety case without a chosen reply, or ranks a reply twice
     */
    public Label save(Label label) {
        long turn = label.turnId();
        conversations.turn(turn).orElseThrow(() -> new LabelException("There is no turn " + turn + "."));
        Set<Long> replies = new HashSet<>(conversations.candidateIds(turn));
        requireReplies(turn, replies, label.chosenCandidateId() == null ? List.of() : List.of(label.chosenCandidateId()));
        requireReplies(turn, replies, label.rejected());
        requireReplies(turn, replies, label.ranking());
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
                label.rationale(), label.safetyCase(), label.timeSpentMs(), clock.getAsLong(), label.editOriginsKept());
        try {
            labels.save(toRow(stored));
        } catch (StoreException e) {
            throw new LabelException("The label of turn " + turn + " was not saved: " + e.getMessage());
        }
        return stored;
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
                label.timeSpentMs(), label.labeledAt(), label.editOriginsKept());
    }

    private static Label fromRow(LabelRow row) {
        EnumSet<ReasonTag> reasons = EnumSet.noneOf(ReasonTag.class);
        row.reasons().forEach(reason -> reasons.add(ReasonTag.parse(reason)));
        return new Label(row.turnId(), row.chosenCandidateId(), row.rejected(), row.ranking(), reasons,
                row.rationale(), row.safetyCase(), row.timeSpentMs(), row.labeledAt(), row.editOriginsKept());
    }
}
