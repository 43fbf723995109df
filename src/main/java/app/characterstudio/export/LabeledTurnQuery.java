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

    public LabeledTurnQuery(Database database) {
        this.rows = new LabeledTurnRepository(database);
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
        for (LabeledTurnRepository.CandidateRow row : read.candidates()) {
            Candidate candidate = new Candidate(row.id(), row.text(), row.origin(), row.editedFrom());
            candidates.put(candidate.id(), candidate);
            turnOfCandidate.put(candidate.id(), row.turnId());
            candidatesByTurn.computeIfAbsent(row.turnId(), k -> new ArrayList<>(4)).add(candidate);
        }
        List<Label> labels = read.labels();
        Map<Long, List<Long>> rejections = read.rejections();
        Map<Long, List<Long>> rankings = read.rankings();
        Map<Long, List<String>> reasons = read.reasons();
        Map<Long, String> retrieval = read.retrieval();
        java.util.Set<Long> prompted = read.prompted();
        Map<Long, Long> promptSourceOfTurn = new HashMap<>();

        Map<String, Integer> skipped = new TreeMap<>();
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
                    reasons.getOrDefault(turn.id(), List.of()), label.safetyCase(),
                    blocks(source(label.chosenId(), own, candidates, retrieval.keySet()), retrieval),
                    turn.createdAt(), label.labeledAt(), null, outcome.editPairs()));
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
        return new Result(records, labels.size(), skipped);
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
                r.labeledAt(), prompt, r.editPairs());
    }

    private static List<String> blocks(long candidateId, Map<Long, String> retrieval) {
        String json = retrieval.get(candidateId);
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
            throw new ExportException("Candidate " + candidateId + " has unreadable retrieval_json ("
                    + e.getMessage() + "); expected an array of {\"text\": ...} objects.", e);
        }
    }

}
