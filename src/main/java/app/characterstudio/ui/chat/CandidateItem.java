package app.characterstudio.ui.chat;

import app.characterstudio.chat.TokenProbability;
import app.characterstudio.store.Candidate;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** A candidate reply as the chat screen shows it; while streaming it has no stored candidate yet. */
public final class CandidateItem {
    /**
     * How the creator labeled this reply. {@code EDIT_REJECTED}: the chosen reply is an edit made from this
     * one, so the export pairs them (edit chosen, this rejected); {@code EDIT_KEPT}: the creator took that
     * back for this turn.
     */
    public enum Mark { NONE, CHOSEN, REJECTED, EDIT_REJECTED, EDIT_KEPT }

    private final int number;
    private final Candidate candidate;
    private final String originText;
    private final StringProperty text = new SimpleStringProperty("");
    private final ObjectProperty<Mark> mark = new SimpleObjectProperty<>(Mark.NONE);
    private final List<TokenProbability> tokens;
    private final StringProperty rewardScore = new SimpleStringProperty("");
    private final javafx.beans.property.BooleanProperty suggested = new javafx.beans.property.SimpleBooleanProperty();

    CandidateItem(int number, Candidate candidate, String originText, List<TokenProbability> tokens) {
        this.number = number;
        this.candidate = candidate;
        this.originText = originText;
        this.tokens = List.copyOf(tokens);
        if (candidate != null) {
            text.set(candidate.text());
        }
    }

    /** The stored reply {@code siblings.get(number - 1)} of a turn. */
    static CandidateItem of(int number, List<Candidate> siblings) {
        Candidate candidate = siblings.get(number - 1);
        String origin = switch (candidate.origin()) {
            case MODEL -> candidate.modelName() == null ? "model" : candidate.modelName();
            case HUMAN -> "written by hand";
            case EDIT -> {
                int index = 0;
                for (int i = 0; i < siblings.size(); i++) {
                    if (Long.valueOf(siblings.get(i).id()).equals(candidate.editedFromId())) {
                        index = i + 1;
                    }
                }
                yield index > 0 ? "edit of " + index : "edit";
            }
        };
        return new CandidateItem(number, candidate, origin, TokenProbability.parse(candidate.logprobsJson()));
    }

    static CandidateItem streaming(int number) {
        return new CandidateItem(number, null, "generating…", List.of());
    }

    /** 1-based, as typed on the keyboard. */
    public int number() {
        return number;
    }

    /** The stored reply, or null while it is being generated. */
    public Candidate candidate() {
        return candidate;
    }

    public boolean isStreaming() {
        return candidate == null;
    }

    /** "model", "written by hand", "edit of 2", "generating…". */
    public String originText() {
        return originText;
    }

    public StringProperty textProperty() {
        return text;
    }

    public String text() {
        return text.get();
    }

    void append(String delta) {
        text.set(text.get() + delta);
    }

    public ObjectProperty<Mark> markProperty() {
        return mark;
    }

    public Mark mark() {
        return mark.get();
    }

    /** "rm-name 0.731" when the window's reward model scored this reply, else empty; never a label. */
    public StringProperty rewardScoreProperty() {
        return rewardScore;
    }

    /** Whether this reply is the reward model's pick of the turn (a suggestion, not the creator's label). */
    public javafx.beans.property.BooleanProperty suggestedProperty() {
        return suggested;
    }

    /** Per-token probabilities, when the model reported them. */
    public List<TokenProbability> tokens() {
        return tokens;
    }
}
