package app.characterstudio.script;

import app.characterstudio.script.RetrievedExchange.ExchangeLine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Prepares retrieved exchanges for the prompt's {@code ${simi_dialog}} the way the reference
 * pipeline (bilibili/Index-1.9B role-play, {@code retrieve_dialog.py} and {@code choose_examples})
 * does: every speaker keeps its real name in the prompt (the pipeline renames the other speakers
 * {@code user0}, {@code user1}, ... only in the text it embeds for matching; here matching never sees
 * speaker names at all, see {@code QueryTerms}); an alias of the character is written as its name;
 * lines after the character's last line are dropped; narration (no speaker) is left out, as the
 * reference dialogues have none; a block already given (the same text, as the pipeline's
 * {@code if example not in new_similar_examples}) or contained in a better-ranked one (a shorter
 * window of an overlapping exchange, which the pipeline's whole dialogues cannot produce) is
 * dropped, and a block that contains a packed one takes its place when it still fits the budget
 * (else it is skipped), so no line is given twice; blocks are taken best first while they fit the
 * token budget, the separators between them counted, and packing stops at the first block that
 * does not fit (the pipeline's {@code break}).
 *
 * <p>The pipeline's length rule ({@code min_mean_role_utter_length}, default
 * {@value #DEFAULT_MIN_MEAN_LENGTH}): a dialogue whose character lines are shorter than that on
 * average, in characters, is skipped; see {@link #meanCharacterLineLength}.
 */
public final class SimilarDialogues {
    /** Same value as {@code chat.PromptTemplate.DIALOGUE_SEPARATOR} (that room is above this one). */
    public static final String SEPARATOR = "\n" + "-".repeat(20) + "\n";
    /** The colon between speaker and utterance, as in the reference dialogue corpora. */
    public static final String SPEAKER_COLON = "：";
    /** The reference pipeline's {@code min_mean_role_utter_length}. */
    public static final int DEFAULT_MIN_MEAN_LENGTH = 10;

    private SimilarDialogues() {
    }

    /** One packed block and the exchange it was made from. */
    public record Block(String text, RetrievedExchange exchange) {
    }

    /** The texts of {@link #pack}. */
    public static List<String> prepare(List<RetrievedExchange> ranked, String characterName,
                                       ToIntFunction<String> tokenCounter, int tokenBudget) {
        return pack(ranked, characterName, tokenCounter, tokenBudget).stream().map(Block::text).toList();
    }

    /** The blocks packed for the prompt, best first, each with the exchange it came from. */
    public static List<Block> pack(List<RetrievedExchange> ranked, String characterName,
                                   ToIntFunction<String> tokenCounter, int tokenBudget) {
        List<Block> blocks = new ArrayList<>();
        for (RetrievedExchange exchange : ranked) {
            String text = block(exchange, characterName);
            if (!text.isEmpty() && blocks.stream().noneMatch(kept -> kept.text().contains(text))) {
                blocks.add(new Block(text, exchange));
            }
        }
        List<Block> packed = new ArrayList<>();
        int separatorTokens = tokenCounter.applyAsInt(SEPARATOR);
        long used = 0;
        for (Block block : blocks) {
            int shorter = indexOfFirstContainedIn(packed, block);
            if (shorter >= 0) {
                // A longer window of a packed block: it takes that block's place if it still fits, and
                // is never given beside it, so no line appears twice.
                long upgraded = used - tokenCounter.applyAsInt(packed.get(shorter).text())
                        + tokenCounter.applyAsInt(block.text());
                if (upgraded <= tokenBudget) {
                    packed.set(shorter, block);
                    used = upgraded;
                    for (int i = packed.size() - 1; i > shorter; i--) {
                        if (block.text().contains(packed.get(i).text())) {
                            used -= tokenCounter.applyAsInt(packed.get(i).text()) + separatorTokens;
                            packed.remove(i);
                        }
                    }
                }
                continue;
            }
            long cost = tokenCounter.applyAsInt(block.text()) + (packed.isEmpty() ? 0 : separatorTokens);
            if (used + cost > tokenBudget) {
                break;
            }
            used += cost;
            packed.add(block);
        }
        return packed;
    }

    private static int indexOfFirstContainedIn(List<Block> blocks, Block block) {
        for (int i = 0; i < blocks.size(); i++) {
            if (block.text().contains(blocks.get(i).text())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The pipeline's length rule over ranked exchanges: the first {@code wanted} whose character lines
     * are {@code minMeanLength} characters or longer on average; when fewer than {@code wanted} pass, the
     * rule is not applied at all and the first {@code wanted} are taken as ranked (the pipeline's
     * "too few samples" fallback: {@code if len(new_raw_dialog_list) < self.retrieve_num}).
     */
    public static List<RetrievedExchange> longEnough(List<RetrievedExchange> ranked, String characterName,
                                                     int minMeanLength, int wanted) {
        List<RetrievedExchange> passing = ranked.stream()
                .filter(exchange -> meanCharacterLineLength(exchange, characterName) >= minMeanLength).toList();
        List<RetrievedExchange> used = passing.size() >= wanted ? passing : ranked;
        return List.copyOf(used.subList(0, Math.min(wanted, used.size())));
    }

    /** One exchange as prompt text, or empty when the character does not speak in it. */
    public static String block(RetrievedExchange exchange, String characterName) {
        List<ExchangeLine> spoken = kept(exchange, characterName);
        StringBuilder block = new StringBuilder();
        for (ExchangeLine line : spoken) {
            String name = isCharacter(line.speaker(), exchange, characterName) ? characterName : line.speaker();
            if (!block.isEmpty()) {
                block.append('\n');
            }
            block.append(name).append(SPEAKER_COLON).append(line.text().strip());
        }
        return block.toString().strip();
    }

    /**
     * The mean length, in characters (code points, as Python's {@code len}), of the character's lines
     * in the block the exchange becomes; 0 when the character does not speak in it.
     */
    public static double meanCharacterLineLength(RetrievedExchange exchange, String characterName) {
        return kept(exchange, characterName).stream()
                .filter(line -> isCharacter(line.speaker(), exchange, characterName))
                .mapToInt(line -> line.text().strip().codePointCount(0, line.text().strip().length()))
                .average().orElse(0);
    }

    /** The spoken lines up to the character's last one; empty when the character does not speak. */
    private static List<ExchangeLine> kept(RetrievedExchange exchange, String characterName) {
        List<ExchangeLine> spoken = exchange.lines().stream().filter(l -> !l.speaker().isEmpty()).toList();
        int last = -1;
        for (int i = 0; i < spoken.size(); i++) {
            if (isCharacter(spoken.get(i).speaker(), exchange, characterName)) {
                last = i;
            }
        }
        return spoken.subList(0, last + 1);
    }

    private static boolean isCharacter(String speaker, RetrievedExchange exchange, String characterName) {
        return speaker.equals(characterName) || speaker.equals(exchange.speaker());
    }
}
