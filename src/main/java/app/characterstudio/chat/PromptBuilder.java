package app.characterstudio.chat;

import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Assembles the prompt for the next reply from the persona, retrieved exchanges and the conversation
 * path, within a token budget.
 *
 * <p>What goes when the prompt is too long, in this order:
 * <ol>
 *   <li>history lines older than the {@link PromptBudget#protectedHistoryLines()} most recent ones,
 *       oldest first (old conversation matters less than the character's voice);</li>
 *   <li>retrieved exchanges, lowest-ranked first (they arrive best first);</li>
 *   <li>the remaining history lines, oldest first.</li>
 * </ol>
 * The persona and the last user message are never dropped: if they alone do not fit, building fails
 * with a {@link ChatException} saying by how much.
 */
public final class PromptBuilder {
    private final TokenCounter tokens;

    public PromptBuilder(TokenCounter tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * @param path      the conversation from its first message to the user message being answered
     *                  (which must be last)
     * @param exchanges retrieved exchanges, best first
     */
    public BuiltPrompt build(List<Utterance> path, Persona persona, String userName, PromptTemplate template,
                             List<RetrievedDialogue> exchanges, PromptBudget budget) {
        Parts parts = new Parts(path, persona, userName, template);
        int limit = budget.promptTokens();
        List<RetrievedDialogue> kept = new ArrayList<>(exchanges);
        int start = 0;
        int history = parts.historySize();
        int oldestProtected = Math.max(0, history - budget.protectedHistoryLines());
        if (count(parts, start, kept) > limit) {
            start = smallestFittingStart(parts, kept, 0, oldestProtected, limit);
        }
        while (count(parts, start, kept) > limit && !kept.isEmpty()) {
            kept.remove(kept.size() - 1);
        }
        if (count(parts, start, kept) > limit) {
            start = smallestFittingStart(parts, kept, start, history, limit);
        }
        int total = count(parts, start, kept);
        if (total > limit) {
            throw new ChatException("The persona and the last message alone take " + total
                    + " tokens, more than the " + limit + " the prompt may use (context "
                    + budget.contextLength() + " less " + budget.maxNewTokens()
                    + " for the reply). Shorten the persona or the message, or lower max new tokens.");
        }
        List<String> lines = parts.lines();
        return new BuiltPrompt(parts.render(start, kept), total, tokens.estimated(), limit, kept,
                exchanges.subList(kept.size(), exchanges.size()), lines.subList(start, lines.size()),
                lines.subList(0, start));
    }

    /**
     * Tokens left for retrieved exchanges once the persona, the last message and the protected recent
     * history are in: the budget to hand the retriever.
     */
    public int roomForExchanges(List<Utterance> path, Persona persona, String userName, PromptTemplate template,
                                PromptBudget budget) {
        Parts parts = new Parts(path, persona, userName, template);
        int start = Math.max(0, parts.historySize() - budget.protectedHistoryLines());
        return Math.max(0, budget.promptTokens() - count(parts, start, List.of()));
    }

    /** The first history index in [from, to] at which the prompt fits; {@code to} if none does. */
    private int smallestFittingStart(Parts parts, List<RetrievedDialogue> kept, int from, int to, int limit) {
        int low = from;
        int high = to;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (count(parts, middle, kept) <= limit) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    private int count(Parts parts, int start, List<RetrievedDialogue> kept) {
        return tokens.count(parts.render(start, kept));
    }

    /** The fixed inputs of one build. */
    private record Parts(List<String> lines, String roleName, String userName, String personaText,
                         PromptTemplate template) {
        Parts(List<Utterance> path, Persona persona, String userName, PromptTemplate template) {
            this(dialogLines(path, userName, roleName(persona)), roleName(persona), userName,
                    PersonaRenderer.personaText(persona), template);
        }

        int historySize() {
            return lines.size() - 1;
        }

        String render(int start, List<RetrievedDialogue> exchanges) {
            return template.render(new PromptTemplate.PromptParts(roleName, userName, personaText,
                    exchanges.stream().map(RetrievedDialogue::text).toList(), lines.subList(start, lines.size())));
        }

        private static String roleName(Persona persona) {
            return persona.name().isBlank() ? persona.id() : persona.name();
        }

        private static List<String> dialogLines(List<Utterance> path, String userName, String roleName) {
            if (path.isEmpty() || !path.get(path.size() - 1).fromUser()) {
                throw new ChatException("A prompt answers a user message, but the conversation "
                        + (path.isEmpty() ? "is empty" : "ends with a reply") + ".");
            }
            String user = userName == null || userName.isBlank() ? "user" : userName;
            return path.stream().map(u -> u.dialogLine(user, roleName)).toList();
        }
    }
}
