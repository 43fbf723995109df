package app.characterstudio.cli;

import app.characterstudio.chat.Conversation;
import app.characterstudio.label.Label;
import app.characterstudio.label.ReasonTag;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.Session;
import app.characterstudio.store.Turn;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A session as JSON: its turns in order, each with its replies and label. */
record SessionExport(long id, String characterId, String title, String userName, long createdAt, long updatedAt,
                     List<TurnExport> turns) {

    static SessionExport of(Conversation conversation, List<Label> labels) {
        Map<Long, Label> byTurn = labels.stream().collect(Collectors.toMap(Label::turnId, Function.identity()));
        Session s = conversation.session();
        return new SessionExport(s.id(), s.characterId(), s.title(), s.userName(), s.createdAt(), s.updatedAt(),
                conversation.turns().stream().map(t -> TurnExport.of(t, conversation.candidatesOf(t.id()), byTurn.get(t.id())))
                        .toList());
    }

    record TurnExport(long id, Long parentCandidateId, String userText, long createdAt, List<CandidateExport> candidates,
                      LabelExport label) {
        static TurnExport of(Turn turn, List<Candidate> candidates, Label label) {
            return new TurnExport(turn.id(), turn.parentCandidateId(), turn.userText(), turn.createdAt(),
                    candidates.stream().map(CandidateExport::of).toList(), label == null ? null : LabelExport.of(label));
        }
    }

    record CandidateExport(long id, String text, String origin, Long editedFromId, String batchId, String modelName,
                           String samplingJson, String promptText, Integer promptTokenCount, Long templateId,
                           String retrievalJson, String logprobsJson, String finishReason, long createdAt) {
        static CandidateExport of(Candidate c) {
            return new CandidateExport(c.id(), c.text(), c.origin().dbName(), c.editedFromId(), c.batchId(), c.modelName(),
                    c.samplingJson(), c.promptText(), c.promptTokenCount(), c.templateId(), c.retrievalJson(),
                    c.logprobsJson(), c.finishReason(), c.createdAt());
        }
    }

    /** @param replyReasons reasons about one reply each, by candidate id (reasons: about the whole turn) */
    record LabelExport(Long chosenCandidateId, List<Long> rejected, List<Long> ranking, List<String> reasons,
                       String rationale, boolean safetyCase, long timeSpentMs, long labeledAt,
                       java.util.Map<Long, List<String>> replyReasons) {
        static LabelExport of(Label l) {
            return new LabelExport(l.chosenCandidateId(), l.rejected(), l.ranking(),
                    l.reasons().stream().map(ReasonTag::tag).toList(), l.rationale(), l.safetyCase(), l.timeSpentMs(),
                    l.labeledAt(), l.replyReasons().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                            java.util.Map.Entry::getKey, e -> e.getValue().stream().map(ReasonTag::tag).toList(),
                            (a, b) -> a, java.util.TreeMap::new)));
        }
    }
}
