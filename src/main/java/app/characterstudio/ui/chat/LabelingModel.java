package app.characterstudio.ui.chat;

import app.characterstudio.label.Label;
import app.characterstudio.label.LabelService;
import app.characterstudio.label.ReasonTag;
import app.characterstudio.ui.kit.TaskExecutor;
import java.util.List;
import java.util.function.LongSupplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The label of the turn on screen: every change shows at once and is saved in the background (in the
 * order made, on the chat's in-order executor), with the time since its replies were shown; marks on the
 * candidate cards and the character's progress follow it. Nothing here reads the database on the UI thread.
 */
public final class LabelingModel {
    private final LabelService labels;
    private final LongSupplier clock;
    private final TaskExecutor work;
    private final List<CandidateItem> candidates;
    private final StringProperty status;
    private final ObjectProperty<Label> label = new SimpleObjectProperty<>();
    private final StringProperty progress = new SimpleStringProperty("");
    private final javafx.beans.property.DoubleProperty progressFraction = new javafx.beans.property.SimpleDoubleProperty();
    private final StringProperty labeler = new SimpleStringProperty("");
    private final StringProperty reasonsScope = new SimpleStringProperty("");
    /** The reply the reason tags are about, by its number on screen; 0: the whole turn. */
    private final javafx.beans.property.IntegerProperty reasonTarget = new javafx.beans.property.SimpleIntegerProperty();
    private final ObjectProperty<java.util.Map<Long, Label>> turnLabels =
            new SimpleObjectProperty<>(java.util.Map.of());
    private long shownAt;

    LabelingModel(LabelService labels, LongSupplier clock, TaskExecutor work, List<CandidateItem> candidates,
                  StringProperty status) {
        this.labels = labels;
        this.clock = clock;
        this.work = work;
        this.candidates = candidates;
        this.status = status;
    }

    public ObjectProperty<Label> labelProperty() {
        return label;
    }

    public StringProperty progressProperty() {
        return progress;
    }

    /** Labeled turns toward the character's goal (of all its turns without a goal), 0 to 1. */
    public javafx.beans.property.DoubleProperty progressFractionProperty() {
        return progressFraction;
    }

    /** Which replies the label's reasons are about: the rejected ones, else the chosen one. */
    public StringProperty reasonsScopeProperty() {
        return reasonsScope;
    }

    /** The reply (by number) whose reasons the tags show and change; 0 for the whole turn. */
    public javafx.beans.property.IntegerProperty reasonTargetProperty() {
        return reasonTarget;
    }

    /** Makes the reason tags about reply {@code number} (0: the whole turn); unknown numbers are ignored. */
    void targetReasons(int number) {
        if (number == 0 || idOf(number) != null) {
            reasonTarget.set(number);
            reasonsScope.set(reasonsScope(label.get(), candidates, number));
        }
    }

    /** The candidate id of reply {@code number} on screen, or null (also for 0, the whole turn). */
    private Long idOf(int number) {
        return candidates.stream().filter(item -> item.number() == number && item.candidate() != null)
                .map(item -> item.candidate().id()).findFirst().orElse(null);
    }

    /** The first rejected reply, else the chosen one, else the whole turn (0). */
    private int defaultTarget(Label current) {
        if (current == null) {
            return 0;
        }
        for (CandidateItem item : candidates) {
            if (item.candidate() != null && current.rejected().contains(item.candidate().id())) {
                return item.number();
            }
        }
        return candidates.stream().filter(item -> item.candidate() != null
                        && Long.valueOf(item.candidate().id()).equals(current.chosenCandidateId()))
                .map(CandidateItem::number).findFirst().orElse(0);
    }

    /** The stored labels of the session on screen, by turn id (the tree marks its turns with them). */
    public ObjectProperty<java.util.Map<Long, Label>> turnLabelsProperty() {
        return turnLabels;
    }

    /** Reads the labels of {@code conversation}'s session again (none without a conversation). */
    void refreshTurnLabels(app.characterstudio.chat.Conversation conversation) {
        if (conversation == null) {
            turnLabels.set(java.util.Map.of());
            return;
        }
        long sessionId = conversation.session().id();
        work.submit(() -> labels.ofSession(sessionId).stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Label::turnId, l -> l)), turnLabels::set, status);
    }

    /** The workspace's labeler name, "" until it is given (then the window asks for it). */
    public StringProperty labelerProperty() {
        return labeler;
    }

    /** The workspace's labeler name: a database read, for a background task. */
    String readLabeler() {
        return labels.labeler();
    }

    void showLabeler(String name) {
        labeler.set(name);
    }

    /**
     * Sets the labeler name stored with every label from now on, in the background; {@code saved} runs once it
     * is stored (the reason goes to the status when it is refused).
     */
    void setLabeler(String name, Runnable saved) {
        work.submit(() -> {
            int claimed = labels.setLabeler(name);
            return new Claimed(labels.labeler(), claimed);
        }, claimed -> {
            labeler.set(claimed.name());
            status.set("Labeling as " + claimed.name() + "." + (claimed.earlier() == 0 ? ""
                    : " " + claimed.earlier() + " earlier labels without a name are now yours."));
            saved.run();
        }, status);
    }

    private record Claimed(String name, int earlier) {
    }

    /** Takes back the last label change; empty when there is none left. */
    java.util.Optional<app.characterstudio.label.LabelUndo> undo() {
        return labels.undo();
    }

    /** The next unlabeled turn of {@code characterId} after {@code afterTurn} (0: from the start). */
    java.util.Optional<app.characterstudio.store.QueuedTurn> next(String characterId, long afterTurn) {
        return labels.next(List.of(characterId), afterTurn);
    }

    /** The stored label of {@code turnId}, or an empty one: a database read, for a background task. */
    Label read(long turnId) {
        return labels.find(turnId).orElse(Label.empty(turnId));
    }

    /** Shows a label read by {@link #read} and starts timing. */
    void show(Label read) {
        reasonTarget.set(0);
        label.set(read);
        reasonTarget.set(defaultTarget(read));
        refreshMarks();
        shownAt = clock.getAsLong();
    }

    void clear() {
        label.set(null);
    }

    Label current() {
        return label.get();
    }

    void choose(CandidateItem item) {
        reasonTarget.set(item.number());
        save(label.get().withChosen(item.candidate().id()));
    }

    /** Rejects the reply (the reason tags are then about it), or takes the rejection back. */
    void toggleRejection(CandidateItem item) {
        Label next = label.get().withRejectionToggled(item.candidate().id());
        if (next.rejected().contains(item.candidate().id())) {
            reasonTarget.set(item.number());
        } else if (reasonTarget.get() == item.number()) {
            reasonTarget.set(defaultTarget(next));
        }
        save(next);
    }

    /** Takes back (or restores) the rejection of the chosen edit's originals; false when the choice is no edit. */
    boolean toggleEditOrigins() {
        Label current = label.get();
        if (current == null || editOrigins(current).isEmpty()) {
            return false;
        }
        save(current.withEditOriginsKept(!current.editOriginsKept()));
        return true;
    }

    /** The replies the chosen one was edited from (back along the chain), nearest first; empty when it is no edit. */
    java.util.Set<Long> editOrigins(Label current) {
        java.util.Map<Long, app.characterstudio.store.Candidate> byId = new java.util.HashMap<>();
        candidates.stream().filter(item -> item.candidate() != null)
                .forEach(item -> byId.put(item.candidate().id(), item.candidate()));
        java.util.Set<Long> origins = new java.util.LinkedHashSet<>();
        app.characterstudio.store.Candidate at = current == null || current.chosenCandidateId() == null ? null
                : byId.get(current.chosenCandidateId());
        while (at != null && at.editedFromId() != null && origins.add(at.editedFromId())) {
            at = byId.get(at.editedFromId());
        }
        origins.remove(current == null ? null : current.chosenCandidateId());
        return origins;
    }

    /** Adds or takes back {@code reason} about the reply the tags are about (or the whole turn). */
    void toggleReason(ReasonTag reason) {
        if (label.get() != null) {
            save(label.get().withReasonToggled(idOf(reasonTarget.get()), reason));
        }
    }

    /** The reasons about the reply the tags are about (or the whole turn). */
    java.util.Set<ReasonTag> targetReasons(Label current) {
        return current == null ? java.util.Set.of() : current.reasonsFor(idOf(reasonTarget.get()));
    }

    void setRationale(String text) {
        if (label.get() != null && !label.get().rationale().equals(text == null ? "" : text.strip())) {
            save(label.get().withRationale(text));
        }
    }

    void toggleSafetyCase() {
        if (label.get() != null) {
            save(label.get().withSafetyCase(!label.get().safetyCase()));
        }
    }

    /** Marks each card chosen, rejected, rejected by the chosen edit (or kept from it), or neither, from the label. */
    void refreshMarks() {
        Label current = label.get();
        java.util.Set<Long> origins = editOrigins(current);
        if (reasonTarget.get() != 0 && idOf(reasonTarget.get()) == null) {
            reasonTarget.set(defaultTarget(current));
        }
        reasonsScope.set(reasonsScope(current, candidates, reasonTarget.get()));
        for (CandidateItem item : candidates) {
            if (item.candidate() == null || current == null) {
                item.markProperty().set(CandidateItem.Mark.NONE);
            } else if (Long.valueOf(item.candidate().id()).equals(current.chosenCandidateId())) {
                item.markProperty().set(CandidateItem.Mark.CHOSEN);
            } else if (current.rejected().contains(item.candidate().id())) {
                item.markProperty().set(CandidateItem.Mark.REJECTED);
            } else if (origins.contains(item.candidate().id())) {
                item.markProperty().set(current.editOriginsKept() ? CandidateItem.Mark.EDIT_KEPT
                        : CandidateItem.Mark.EDIT_REJECTED);
            } else {
                item.markProperty().set(CandidateItem.Mark.NONE);
            }
        }
    }

    /**
     * What the reason tags apply to: reply {@code target} (chosen, rejected or neither), or the whole turn (0).
     * A rejected reply's reasons say why it is worse; the chosen one's, what it still lacks.
     */
    static String reasonsScope(Label current, List<CandidateItem> items, int target) {
        if (current == null) {
            return "";
        }
        Long id = items.stream().filter(item -> item.number() == target && item.candidate() != null)
                .map(item -> item.candidate().id()).findFirst().orElse(null);
        if (id == null) {
            return "Reasons about the whole turn:";
        }
        if (id.equals(current.chosenCandidateId())) {
            return "Reasons about the chosen reply [" + target + "] (what it still lacks):";
        }
        if (current.rejected().contains(id)) {
            return "Reasons about the rejected reply [" + target + "] (why it is worse):";
        }
        return "Reasons about reply [" + target + "]:";
    }

    /** Reads the character's progress in the background (after the label changes made before) and shows it. */
    void refreshProgress(String characterId) {
        if (characterId != null) {
            work.submit(() -> readProgress(characterId), this::showProgress, status);
        }
    }

    /** The character's labeling progress: a database read, for a background task. */
    app.characterstudio.label.GoalProgress readProgress(String characterId) {
        return labels.goal(characterId);
    }

    void showProgress(app.characterstudio.label.GoalProgress counts) {
        progress.set(counts.labeledTurns() + " labeled · " + counts.unlabeledTurns() + " to label"
                + (counts.goal() > 0 ? " · goal " + counts.goal() + " (" + Math.round(counts.fraction() * 100) + "%)" : ""));
        progressFraction.set(counts.fraction());
    }

    /**
     * Shows {@code next} at once and saves it in the background; the stored label replaces it unless a later
     * change is shown meanwhile. A refused save (the reason in the status) shows the label before it again.
     */
    private void save(Label next) {
        Label before = label.get();
        Label shown = next.withTimeSpent(Math.max(0, clock.getAsLong() - shownAt));
        label.set(shown);
        refreshMarks();
        work.submit(() -> labels.save(shown), saved -> {
            java.util.Map<Long, Label> marked = new java.util.HashMap<>(turnLabels.get());
            marked.put(saved.turnId(), saved);
            turnLabels.set(java.util.Map.copyOf(marked));
            if (label.get() == shown) {
                label.set(saved);
                refreshMarks();
            }
        }, message -> {
            status.set(message);
            if (label.get() == shown) {
                label.set(before);
                refreshMarks();
            }
        });
    }
}
