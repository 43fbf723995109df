package app.characterstudio.ui.models;

import app.characterstudio.chat.TokenProbability;
import app.characterstudio.model.run.TokenLogprobs;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** One candidate's reply as it streams in: its text, its tokens with probabilities, how it ended. */
public final class CandidateOutput {
    private final int index;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("generating…");
    private final ObservableList<TokenLogprobs> tokens = FXCollections.observableArrayList();

    CandidateOutput(int index) {
        this.index = index;
    }

    public int index() {
        return index;
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public String text() {
        return text.get();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ObservableList<TokenLogprobs> tokens() {
        return FXCollections.unmodifiableObservableList(tokens);
    }

    void append(String delta) {
        text.set(text.get() + delta);
    }

    void addToken(TokenLogprobs token) {
        tokens.add(token);
    }

    void setStatus(String value) {
        status.set(value);
    }

    /** Probability (0..1) of a generated token, for colouring. */
    public static double probability(TokenLogprobs token) {
        return Math.exp(token.logprob());
    }

    /** "piece 83.1%" lines of the most likely alternatives, for a tooltip. */
    public static String describe(TokenLogprobs token) {
        StringBuilder out = new StringBuilder("“" + visible(token.piece()) + "”  "
                + TokenProbability.percent(probability(token)));
        for (TokenLogprobs.Alternative alt : token.top()) {
            out.append(System.lineSeparator()).append("  ").append(visible(alt.piece())).append("  ")
                    .append(TokenProbability.percent(Math.exp(alt.logprob())));
        }
        return out.toString();
    }

    static String visible(String piece) {
        return piece.replace("\n", "\\n").replace(" ", "␣");
    }
}
