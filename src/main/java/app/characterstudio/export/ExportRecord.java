package app.characterstudio.export;

import java.util.List;
import java.util.Objects;

/**
 * One labeled turn ready to become dataset rows: the conversation up to that turn (history), the
 * user's message, and what the label says about the replies.
 *
 * @param history    the earlier turns on the path from the session's root: user message and the reply
 *                   that the conversation continued from
 * @param chosen     the preferred reply, or {@code null} when the label only rejects
 * @param rejected   replies judged worse than {@code chosen} (see {@link PreferenceRules}), distinct texts
 * @param ranking    reply texts best first, when the label ranks them
 * @param reasons    label reason tags, sorted
 * @param retrieval  the prepared dialogue blocks that went into {@code ${simi_dialog}}, in order
 * @param createdAt  when the user turn was written (Unix ms)
 * @param labeledAt  when the label was saved (Unix ms)
 * @param storedPrompt the prompt stored with the chosen reply (or the reply it was edited from, else the
 *                   turn's first reply that has one), exactly as the model saw it; null when none was read
 * @param editPairs  how many of {@code rejected} are there only because the chosen edit was made from them
 * @param reasonsByReply which reply the reasons are about: {@value #TURN} (the whole turn), {@value #CHOSEN},
 *                   {@value #REJECTED} or {@value #OTHER_REPLY} (a reply neither chosen nor rejected), each
 *                   with its sorted tags; {@code reasons} is every tag of them once
 * @param models     where the turn's generated replies came from, sorted: the stored model names, a local
 *                   model folder's name or {@code SERVED_MODEL@BACKEND} for an inference server; empty when
 *                   every reply was written by hand
 */
public record ExportRecord(String characterId, long sessionId, long turnId, String userName,
                           List<Exchange> history, String userText, String chosen, List<String> rejected,
                           List<String> ranking, List<String> reasons, boolean safetyCase,
                           List<String> retrieval, long createdAt, long labeledAt, String storedPrompt,
                           int editPairs, java.util.Map<String, List<String>> reasonsByReply,
                           List<String> models) {
    public static final String TURN = "turn";
    public static final String CHOSEN = "chosen";
    public static final String REJECTED = "rejected";
    public static final String OTHER_REPLY = "other_reply";

    public ExportRecord {
        models = models == null ? List.of() : List.copyOf(models);
        Objects.requireNonNull(characterId, "characterId");
        userName = userName == null || userName.isBlank() ? "user" : userName;
        history = List.copyOf(history);
        Objects.requireNonNull(userText, "userText");
        rejected = List.copyOf(rejected);
        ranking = List.copyOf(ranking);
        reasons = List.copyOf(reasons);
        retrieval = List.copyOf(retrieval);
        storedPrompt = storedPrompt == null || storedPrompt.isBlank() ? null : storedPrompt;
        reasonsByReply = reasonsByReply == null ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(reasonsByReply));
    }

    /** A record whose reasons are all about the whole turn and whose replies' models are not known. */
    public ExportRecord(String characterId, long sessionId, long turnId, String userName, List<Exchange> history,
                        String userText, String chosen, List<String> rejected, List<String> ranking,
                        List<String> reasons, boolean safetyCase, List<String> retrieval, long createdAt,
                        long labeledAt, String storedPrompt, int editPairs) {
        this(characterId, sessionId, turnId, userName, history, userText, chosen, rejected, ranking, reasons,
                safetyCase, retrieval, createdAt, labeledAt, storedPrompt, editPairs,
                reasons.isEmpty() ? java.util.Map.of() : java.util.Map.of(TURN, reasons), List.of());
    }

    /** A record without a stored prompt or pairs from edits. */
    public ExportRecord(String characterId, long sessionId, long turnId, String userName, List<Exchange> history,
                        String userText, String chosen, List<String> rejected, List<String> ranking,
                        List<String> reasons, boolean safetyCase, List<String> retrieval, long createdAt,
                        long labeledAt) {
        this(characterId, sessionId, turnId, userName, history, userText, chosen, rejected, ranking, reasons,
                safetyCase, retrieval, createdAt, labeledAt, null, 0);
    }

    public boolean hasChosen() {
        return chosen != null;
    }

    /** Whether this record gives at least one chosen/rejected pair. */
    public boolean hasPair() {
        return chosen != null && !rejected.isEmpty();
    }

    /** One earlier turn: what the user said and the reply the conversation went on from. */
    public record Exchange(String user, String assistant) {
        public Exchange {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(assistant, "assistant");
        }
    }
}
