package app.characterstudio.export;

import app.characterstudio.export.PreferenceRules.Candidate;
import app.characterstudio.store.Database;
import app.characterstudio.store.LabeledTurnRepository;
import app.characterstudio.store.LabeledTurnRepository.Label;
import app.characterstudio.store.LabeledTurnRepository.SessionRow;
import app.characterstudio.store.LabeledTurnRepository.TurnRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads labeled turns from the database (read-only) and turns each into an {@link ExportRecord} with
 * the history on its path from the session's root. Every labeled turn becomes its own record, so a
 * preference on an earlier turn of a conversation is a record whose history stops at that turn.
 * Records come out in a stable order: character, session, turn id.
 */
public final class LabeledTurnQuery {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LabeledTurnRepository rows;
    private final Database database;

    public LabeledTurnQuery(Database database) {
        this.rows = new LabeledTurnRepository(database);
        this.database = database;
    }

    /** What was read: the records in scope, how many labeled turns exist, and what was skipped why. */
    public record Result(List<ExportRecord> records, int labeledTurns, Map<String, Integer> skipped) {
    }

    /** Labeled turns per character id, sorted by id: what there is to export. */
    public Map<String, Integer> labelsPerCharacter() {
        return rows.labelsPerCharacter();
    }

    /**
     * Reads the labeled turns in the characters, sessions and date range of {@code options}, with the
     * retrieved exchanges and stored prompts when its system part needs them.
     */
    public Result read(ExportOptions options) {
        boolean withPrompts = options.systemPart() == ExportOptions.SystemPart.STORED;
        LabeledTurnRepository.Snapshot read = rows.read(options.systemPart().needsRetrieval(), withPrompts);
        Map<Long, SessionRow> sessions = read.sessions();
        Map<Long, TurnRow> turns = read.turns();
        Map<Long, Candidate> candidates = new HashMap<>();
        Map<Long, Long> turnOfCandidate = new HashMap<>();
        Map<Long, List<Candidate>> candidatesByTurn = new HashMap<>();
        Map<Long, java.util.SortedSet<String>> modelsByTurn = new HashMap<>();
        for (LabeledTurnRepository.CandidateRow row : read.candidates()) {
            Candidate candidate = new Candidate(row.id(), row.text(), row.origin(), row.editedFrom());
            candidates.put(candidate.id(), candidate);
            turnOfCandidate.put(candidate.id(), row.turnId());
            candidatesByTurn.computeIfAbsent(row.turnId(), k -> new ArrayList<>(4)).add(candidate);
            if (row.modelName() != null && !row.modelName().isBlank()) {
                modelsByTurn.computeIfAbsent(row.turnId(), k -> new java.util.TreeSet<>()).add(row.modelName());
            }
        }
        List<Label> labels = read.labels();
        Map<Long, List<Long>> rejections = new HashMap<>(read.rejections());
        Map<Long, List<Long>> rankings = new HashMap<>(read.rankings());
        Map<Long, List<ReplyReason>> reasons = replyReasons(read.reasons());
        Map<String, Integer> skipped = new TreeMap<>();
        int conflicting = 0;
        if (!options.labels().ownOnly()) {
            LabelSource.Resolution others = options.labels().resolve(
                    new app.characterstudio.store.LabelBundleRepository(database).votes(),
                    new app.characterstudio.label.LabelService(database).labeler());
            labels = decided(labels, others, rejections, rankings, reasons);
            conflicting = others.conflicting();
            if (conflicting > 0) {
                skipped.put(LabelSource.DISAGREE, conflicting);
            }
        }
        Map<Long, String> retrieval = read.retrieval();
        java.util.Set<Long> prompted = read.prompted();
        Map<Long, Long> promptSourceOfTurn = new HashMap<>();

        List<ExportRecord> records = new ArrayList<>();
        for (Label label : labels) {
            TurnRow turn = turns.get(label.turnId());
            SessionRow session = turn == null ? null : sessions.get(turn.sessionId());
            if (session == null || !options.inScope(session.characterId(), turn.sessionId(), label.labeledAt())) {
                continue;
            }
            List<ExportRecord.Exchange> history = history(turn, turns, candidates, turnOfCandidate);
            if (history == null || turn.userText().isBlank()) {
                skipped.merge("empty or broken conversation", 1, Integer::sum);
                continue;
            }
            List<Candidate> own = candidatesByTurn.getOrDefault(turn.id(), List.of());
            PreferenceRules.Outcome outcome = PreferenceRules.resolve(own, candidates, label.chosenId(),
                    rejections.getOrDefault(turn.id(), List.of()), rankings.getOrDefault(turn.id(), List.of()),
                    options.editPairs() && !label.editOriginsKept());
            if (outcome.chosen() == null && outcome.rejected().isEmpty()) {
                skipped.merge("label without a usable reply", 1, Integer::sum);
                continue;
            }
            records.add(new ExportRecord(session.characterId(), turn.sessionId(), turn.id(), session.userName(),
                    history, turn.userText(), outcome.chosen(), outcome.rejected(), outcome.ranking(),
                    allTags(reasons.getOrDefault(turn.id(), List.of())), label.safetyCase(),
                    blocks(source(label.chosenId(), own, candidates, retrieval.keySet()), retrieval),
                    turn.createdAt(), label.labeledAt(), null, outcome.editPairs(),
                    byReply(reasons.getOrDefault(turn.id(), List.of()), label.chosenId(),
                            rejections.getOrDefault(turn.id(), List.of())),
                    List.copyOf(modelsByTurn.getOrDefault(turn.id(), java.util.Collections.emptySortedSet()))));
            if (withPrompts) {
                promptSourceOfTurn.put(turn.id(), source(label.chosenId(), own, candidates, prompted));
            }
        }
        if (withPrompts) {
            Map<Long, String> prompts = rows.prompts(new java.util.HashSet<>(promptSourceOfTurn.values()));
            records.replaceAll(r -> withPrompt(r, prompts.get(promptSourceOfTurn.getOrDefault(r.turnId(), 0L))));
        }
        records.sort(java.util.Comparator.comparing(ExportRecord::characterId)
                .thenComparingLong(ExportRecord::sessionId).thenComparingLong(ExportRecord::turnId));
        return new Result(records, labels.size() + conflicting, skipped);
    }

    /**
     * The labels the other labelers' decisions give: each decided turn with its chosen and rejected replies. The
     * own label's ranking, reasons and kept edit origins stay only where the decision is the own label's choice.
     */
    private static List<Label> decided(List<Label> own, LabelSource.Resolution others, Map<Long, List<Long>> rejections,
                                       Map<Long, List<Long>> rankings, Map<Long, List<ReplyReason>> reasons) {
        Map<Long, Label> ownByTurn = new HashMap<>();
        own.forEach(label -> ownByTurn.put(label.turnId(), label));
        List<Label> labels = new ArrayList<>();
        for (LabelSource.Decision decision : others.decisions().values()) {
            Label mine = ownByTurn.get(decision.turnId());
            long chosen = decision.chosenId() == null ? 0 : decision.chosenId();
            boolean same = mine != null && mine.chosenId() == chosen
                    && rejections.getOrDefault(decision.turnId(), List.of()).stream().sorted().toList()
                    .equals(decision.rejected());
            if (!same) {
                rankings.remove(decision.turnId());
                reasons.remove(decision.turnId());
            }
            rejections.put(decision.turnId(), decision.rejected());
            labels.add(new Label(decision.turnId(), chosen, decision.safetyCase(), decision.labeledAt(),
                    same && mine.editOriginsKept()));
        }
        labels.sort(java.util.Comparator.comparingLong(Label::turnId));
        return labels;
    }

    /** A reason tag and the reply it is about (0: the whole turn). */
    private record ReplyReason(long candidateId, String tag) {
    }

    /** The store's reasons by turn: a plain tag is about the turn, {@code tag@id} about reply {@code id}. */
    private static Map<Long, List<ReplyReason>> replyReasons(Map<Long, List<String>> stored) {
        Map<Long, List<ReplyReason>> reasons = new HashMap<>();
        stored.forEach((turn, tags) -> reasons.put(turn, tags.stream().map(tag -> {
            int mark = tag.indexOf('@');
            return mark < 0 ? new ReplyReason(0, tag)
                    : new ReplyReason(Long.parseLong(tag.substring(mark + 1)), tag.substring(0, mark));
        }).toList()));
        return reasons;
    }

    private static List<String> allTags(List<ReplyReason> reasons) {
        return reasons.stream().map(ReplyReason::tag).distinct().sorted().toList();
    }

    /** The tags by what they are about: the turn, the chosen reply, a rejected one, another reply. */
    private static Map<String, List<String>> byReply(List<ReplyReason> reasons, long chosenId, List<Long> rejected) {
        Map<String, java.util.SortedSet<String>> roles = new TreeMap<>();
        for (ReplyReason reason : reasons) {
            String role = reason.candidateId() == 0 ? ExportRecord.TURN
                    : reason.candidateId() == chosenId ? ExportRecord.CHOSEN
                    : rejected.contains(reason.candidateId()) ? ExportRecord.REJECTED : ExportRecord.OTHER_REPLY;
            roles.computeIfAbsent(role, r -> new java.util.TreeSet<>()).add(reason.tag());
        }
        Map<String, List<String>> lists = new TreeMap<>();
        roles.forEach((role, tags) -> lists.put(role, List.copyOf(tags)));
        return lists;
    }

    /** The exchanges before {@code turn}, oldest first; null when a text on the path is blank or missing. */
    private static List<ExportRecord.Exchange> history(TurnRow turn, Map<Long, TurnRow> turns,
                                                       Map<Long, Candidate> candidates, Map<Long, Long> turnOf) {
        List<ExportRecord.Exchange> reversed = new ArrayList<>();
        long parent = turn.parentCandidateId();
        int guard = turns.size();
        while (parent != 0) {
            Candidate reply = candidates.get(parent);
            TurnRow earlier = reply == null ? null : turns.get(turnOf.get(parent));
            if (earlier == null || reply.text().isBlank() || earlier.userText().isBlank() || guard-- < 0) {
                return null;
            }
            reversed.add(new ExportRecord.Exchange(earlier.userText(), reply.text()));
            parent = earlier.parentCandidateId();
        }
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    /**
     * The candidate whose stored retrieval blocks or prompt describe the record: the chosen one, else
     * the reply it was edited from (back along the chain), else the turn's first that has it; 0 for none.
     */
    private static long source(long chosenId, List<Candidate> own, Map<Long, Candidate> candidates,
                               java.util.Set<Long> having) {
        Candidate current = candidates.get(chosenId);
        int guard = 16;
        while (current != null && guard-- > 0) {
            if (having.contains(current.id())) {
                return current.id();
            }
            current = current.editedFrom() == 0 ? null : candidates.get(current.editedFrom());
        }
        return own.stream().mapToLong(Candidate::id).filter(having::contains).findFirst().orElse(0);
    }

    private static ExportRecord withPrompt(ExportRecord r, String prompt) {
        return new ExportRecord(r.characterId(), r.sessionId(), r.turnId(), r.userName(), r.history(), r.userText(),
                r.chosen(), r.rejected(), r.ranking(), r.reasons(), r.safetyCase(), r.retrieval(), r.createdAt(),
                r.labeledAt(), prompt, r.editPairs(), r.reasonsByReply(), r.models());
    }

    private static List<String> blocks(long candidateId, Map<Long, String> retrieval) {
        return blocks("Candidate " + candidateId, retrieval.get(candidateId));
    }

    /** The text blocks of a candidate's {@code retrieval_json}; none when it is null. */
    static List<String> blocks(String owner, String json) {
        if (json == null) {
            return List.of();
        }
        try {
            List<String> blocks = new ArrayList<>();
            for (JsonNode block : JSON.readTree(json)) {
                String text = block.path("text").asText("");
                if (!text.isBlank()) {
                    blocks.add(text);
                }
            }
            return blocks;
        } catch (IOException e) {
            throw new ExportException(owner + " has unreadable retrieval_json ("
                    + e.getMessage() + "); expected an array of {\"text\": ...} objects.", e);
        }
    }

}
