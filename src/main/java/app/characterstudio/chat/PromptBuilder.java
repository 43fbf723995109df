package app.characterstudio.chat;

import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRenderer;
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
 *
 * <p>How it counts: each part (the template with the persona, each dialogue line, each exchange, the
 * separators) is counted once through the {@link TokenCounter} (give it a {@link TokenCounter#remembering}
 * one to share those counts with the retriever), and the whole prompt is encoded once
 * ({@link TokenCounter#encode}), its ids handed on in {@link BuiltPrompt#tokens()}. Only when that prompt is
 * over the budget are parts dropped, chosen by the parts' counts measured from the exact total, and the prompt
 * encoded again until it fits (a tokenizer may count a joint differently from its parts).
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
        Costs costs = new Costs(parts, exchanges);
        int limit = budget.promptTokens();
        int start = 0;
        int kept = exchanges.size();
        while (true) {
            String text = parts.render(start, exchanges.subList(0, kept));
            PromptTokens ids = tokens.encode(text);
            int total = ids != null ? ids.count() : tokens.count(text);
            if (total <= limit) {
                List<String> lines = parts.lines();
                return new BuiltPrompt(text, total, tokens.estimated(), limit, exchanges.subList(0, kept),
                        exchanges.subList(kept, exchanges.size()), lines.subList(start, lines.size()),
                        lines.subList(0, start), ids);
            }
            if (start == parts.historySize() && kept == 0) {
                throw new ChatException("The persona and the last message alone take " + total
                        + " tokens, more than the " + limit + " the prompt may use (context "
                        + budget.contextLength() + " less " + budget.maxNewTokens()
                        + " for the reply). Shorten the persona or the message, or lower max new tokens.");
            }
            // the exact count less the parts' estimate: this choice no longer fits under the corrected limit
            int correction = total - costs.estimate(start, kept);
            int[] choice = choose(costs, budget, limit - correction);
            start = Math.max(start, choice[0]);
            kept = Math.min(kept, choice[1]);
        }
    }

    /**
     * Tokens left for retrieved exchanges once the persona, the last message and the protected recent
     * history are in: the budget to hand the retriever (from the parts' counts; nothing is encoded whole).
     */
    public int roomForExchanges(List<Utterance> path, Persona persona, String userName, PromptTemplate template,
                                PromptBudget budget) {
        Parts parts = new Parts(path, persona, userName, template);
        int start = Math.max(0, parts.historySize() - budget.protectedHistoryLines());
        return Math.max(0, budget.promptTokens() - new Costs(parts, List.of()).estimate(start, 0));
    }

    /** The first history line and the number of exchanges kept, dropping in the documented order. */
    private static int[] choose(Costs costs, PromptBudget budget, int limit) {
        int history = costs.historySize();
        int oldestProtected = Math.max(0, history - budget.protectedHistoryLines());
        int kept = costs.exchangeCount();
        int start = 0;
        if (costs.estimate(start, kept) > limit) {
            start = smallestFittingStart(costs, kept, 0, oldestProtected, limit);
        }
        while (costs.estimate(start, kept) > limit && kept > 0) {
            kept--;
        }
        if (costs.estimate(start, kept) > limit) {
            start = smallestFittingStart(costs, kept, start, history, limit);
        }
        return new int[] {start, kept};
    }

    /** The first history index in [from, to] at which the prompt fits; {@code to} if none does. */
    private static int smallestFittingStart(Costs costs, int kept, int from, int to, int limit) {
        int low = from;
        int high = to;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (costs.estimate(middle, kept) <= limit) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /** Each part of one build counted once: the prompt's length for any choice of parts, as their sum. */
    private final class Costs {
        private final int frame;                 // the template and persona with no exchange and no line
        private final int[] lineSuffix;          // lineSuffix[i]: lines i.. and the newlines between them
        private final int[] exchangePrefix;      // exchangePrefix[k]: the first k exchanges and their separators
        private final int historySize;

        Costs(Parts parts, List<RetrievedDialogue> exchanges) {
            List<String> lines = parts.lines();
            frame = tokens.count(parts.render(lines.size(), List.of()));
            int newline = tokens.count("\n");
            lineSuffix = new int[lines.size() + 1];
            for (int i = lines.size() - 1; i >= 0; i--) {
                lineSuffix[i] = lineSuffix[i + 1] + tokens.count(lines.get(i)) + (i < lines.size() - 1 ? newline : 0);
            }
            int separator = exchanges.isEmpty() ? 0 : tokens.count(PromptTemplate.DIALOGUE_SEPARATOR);
            exchangePrefix = new int[exchanges.size() + 1];
            for (int k = 1; k <= exchanges.size(); k++) {
                exchangePrefix[k] = exchangePrefix[k - 1] + tokens.count(exchanges.get(k - 1).text())
                        + (k > 1 ? separator : 0);
            }
            historySize = parts.historySize();
        }

        int estimate(int start, int kept) {
            return frame + lineSuffix[start] + exchangePrefix[kept];
        }

        int historySize() {
            return historySize;
        }

        int exchangeCount() {
            return exchangePrefix.length - 1;
        }
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
