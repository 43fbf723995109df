package app.characterstudio.ui.chat;

import app.characterstudio.StudioException;
import app.characterstudio.label.Label;
import app.characterstudio.label.LabelService;
import app.characterstudio.label.ReasonTag;
import java.util.List;
import java.util.function.LongSupplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The label of the turn on screen: every change is saved at once, with the time since its replies
 * were shown; marks on the candidate cards and the character's progress follow it.
 */
public final class LabelingModel {
    private final LabelService labels;
    private final LongSupplier clock;
    private final List<CandidateItem> candidates;
    private final StringProperty status;
    private final ObjectProperty<Label> label = new SimpleObjectProperty<>();
    private final StringProperty progress = new SimpleStringProperty("");
    private final javafx.beans.property.DoubleProperty progressFraction = new javafx.beans.property.SimpleDoubleProperty();
    private final StringProperty labeler = new SimpleStringProperty("");
    private long shownAt;

    LabelingModel(LabelService labels, LongSupplier clock, List<CandidateItem> candidates, StringProperty status) {
        this.labels = labels;
        this.clock = clock;
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

    /** The workspace's labeler name, "" until it is given (then the window asks for it). */
    public StringProperty labelerProperty() {
        return labeler;
    }

    void loadLabeler() {
        labeler.set(labels.labeler());
    }

    /** Sets the labeler name stored with every label from now on; false (and the reason in the status) when refused. */
    boolean setLabeler(String name) {
        try {
            int claimed = labels.setLabeler(name);
            labeler.set(labels.labeler());
            status.set("Labeling as " + labeler.get() + "." + (claimed == 0 ? ""
                    : " " + claimed + " earlier labels without a name are now yours."));
            return true;
        } catch (StudioException e) {
            status.set(e.getMessage());
            return false;
        }
    }

    /** Takes back the last label change; empty when there is none left. */
    java.util.Optional<app.characterstudio.label.LabelUndo> undo() {
        return labels.undo();
    }

    /** The next unlabeled turn of {@code characterId} after {@code afterTurn} (0: from the start). */
    java.util.Optional<app.characterstudio.store.QueuedTurn> next(String characterId, long afterTurn) {
        return labels.next(List.of(characterId), afterTurn);
    }

    /** Shows the stored label of {@code turnId} (or an empty one) and starts timing. */
    void load(long turnId) {
        label.set(labels.find(turnId).orElse(Label.empty(turnId)));
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
        save(label.get().withChosen(item.candidate().id()));
    }

    void toggleRejection(CandidateItem item) {
        save(label.get().withRejectionToggled(item.candidate().id()));
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

    void toggleReason(ReasonTag reason) {
        if (label.get() != null) {
            save(label.get().withReasonToggled(reason));
        }
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

    void refreshProgress(String characterId) {
        if (characterId != null) {
            app.characterstudio.label.GoalProgress counts = labels.goal(characterId);
            progress.set(counts.labeledTurns() + " labeled · " + counts.unlabeledTurns() + " to label"
                    + (counts.goal() > 0 ? " · goal " + counts.goal() + " (" + Math.round(counts.fraction() * 100) + "%)" : ""));
            progressFraction.set(counts.fraction());
        }
    }

    private void save(Label next) {
        try {
            label.set(labels.save(next.withTimeSpent(Math.max(0, clock.getAsLong() - shownAt))));
            refreshMarks();
        } catch (StudioException e) {
            status.set(e.getMessage());
        }
    }
}
