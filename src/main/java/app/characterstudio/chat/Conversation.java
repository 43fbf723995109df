package app.characterstudio.chat;

import app.characterstudio.store.Candidate;
import app.characterstudio.store.Session;
import app.characterstudio.store.SessionContent;
import app.characterstudio.store.Turn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A session's conversation tree, read-only: turns (user messages) each with candidate replies, a turn
 * following one reply of an earlier turn or starting the conversation.
 */
public final class Conversation {
    private final SessionContent content;
    private final Map<Long, Turn> turns;
    private final Map<Long, Candidate> candidates;

    public Conversation(SessionContent content) {
        this.content = Objects.requireNonNull(content, "content");
        this.turns = content.turns().stream().collect(Collectors.toMap(Turn::id, Function.identity()));
        this.candidates = content.candidates().stream().collect(Collectors.toMap(Candidate::id, Function.identity()));
    }

    public Session session() {
        return content.session();
    }

    public List<Turn> turns() {
        return content.turns();
    }

    public List<Candidate> candidates() {
        return content.candidates();
    }

    public Optional<Turn> turn(long id) {
        return Optional.ofNullable(turns.get(id));
    }

    public Optional<Candidate> candidate(long id) {
        return Optional.ofNullable(candidates.get(id));
    }

    /** Turns that start the conversation (more than one when the first message was edited). */
    public List<Turn> rootTurns() {
        return content.turns().stream().filter(t -> t.parentCandidateId() == null).toList();
    }

    /** Turns that follow {@code candidateId}: branches from that reply. */
    public List<Turn> turnsAfter(long candidateId) {
        return content.turns().stream().filter(t -> Long.valueOf(candidateId).equals(t.parentCandidateId())).toList();
    }

    /** The replies of a turn, oldest first. */
    public List<Candidate> candidatesOf(long turnId) {
        return content.candidates().stream().filter(c -> c.turnId() == turnId).toList();
    }

    /** This tree with replies just stored for one of its turns (what a generation returned): nothing is read again. */
    public Conversation withCandidates(List<Candidate> added) {
        List<Candidate> all = new ArrayList<>(content.candidates());
        all.addAll(added);
        return new Conversation(new SessionContent(content.session(), content.turns(), all));
    }

    /** The most recently added turn, if any. */
    public Optional<Turn> latestTurn() {
        return content.turns().isEmpty() ? Optional.empty()
                : Optional.of(content.turns().get(content.turns().size() - 1));
    }

    /**
     * The path from the start of the conversation to {@code turnId}: each earlier turn with the reply
     * the conversation went on from; the last step's reply is null.
     */
    public List<Step> pathTo(long turnId) {
        List<Step> steps = new ArrayList<>();
        Turn turn = turns.get(turnId);
        if (turn == null) {
            throw new ChatException("Turn " + turnId + " is not in session " + session().id() + ".");
        }
        Candidate reply = null;
        while (turn != null) {
            steps.add(new Step(turn, reply));
            reply = turn.parentCandidateId() == null ? null : candidates.get(turn.parentCandidateId());
            turn = reply == null ? null : turns.get(reply.turnId());
        }
        Collections.reverse(steps);
        return steps;
    }

    /** The conversation up to and including the user message of {@code turnId}, for the prompt. */
    public List<Utterance> utterancesTo(long turnId) {
        List<Utterance> lines = new ArrayList<>();
        for (Step step : pathTo(turnId)) {
            lines.add(Utterance.user(step.turn().userText()));
            if (step.reply() != null) {
                lines.add(Utterance.character(step.reply().text()));
            }
        }
        return lines;
    }

    /** One step of a path: a user message and the reply the conversation went on from (null at the end). */
    public record Step(Turn turn, Candidate reply) {
    }
}
