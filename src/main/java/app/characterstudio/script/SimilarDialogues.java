package app.characterstudio.script;

import app.characterstudio.script.RetrievedExchange.ExchangeLine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Prepares retrieved exchanges for the prompt's {@code ${simi_dialog}} the way the reference
 * pipeline (bilibili/Index-1.9B role-play) prepared its training data: inside each block the
 * character keeps its name and every other speaker becomes {@code user0}, {@code user1}, ... in order
 * of appearance; lines after the character's last line are dropped; narration (no speaker) is left
 * out, as the reference dialogues have none; a block already contained in a better-ranked one (the
 * same exchange, or a shorter window of an overlapping one) is dropped, and a block that contains a
 * packed one takes its place when it still fits the budget (else it is skipped), so no line is given
 * twice; blocks are taken best
 * first while they fit the token budget, the separators between them counted, and packing stops at
 * the first block that does not fit.
 */
public final class SimilarDialogues {
    /** Same value as {@code chat.PromptTemplate.DIALOGUE_SEPARATOR} (that room is above this one). */
    public static final String SEPARATOR = "\n" + "-".repeat(20) + "\n";
    /** The colon between speaker and utterance, as in the reference dialogue corpora. */
    public static final String SPEAKER_COLON = "：";

    private SimilarDialogues() {
    }

    public static List<String> prepare(List<RetrievedExchange> ranked, String characterName,
                                       ToIntFunction<String> tokenCounter, int tokenBudget) {
        List<String> blocks = new ArrayList<>();
        for (RetrievedExchange exchange : ranked) {
            String block = block(exchange, characterName);
            if (!block.isEmpty() && blocks.stream().noneMatch(kept -> kept.contains(block))) {
                blocks.add(block);
            }
        }
        List<String> packed = new ArrayList<>();
        int separatorTokens = tokenCounter.applyAsInt(SEPARATOR);
        long used = 0;
        for (String block : blocks) {
            int shorter = indexOfFirstContainedIn(packed, block);
            if (shorter >= 0) {
                // A longer window of a packed block: it takes that block's place if it still fits, and
                // is never given beside it, so no line appears twice.
                long upgraded = used - tokenCounter.applyAsInt(packed.get(shorter)) + tokenCounter.applyAsInt(block);
                if (upgraded <= tokenBudget) {
                    packed.set(shorter, block);
                    used = upgraded;
                    for (int i = packed.size() - 1; i > shorter; i--) {
                        if (block.contains(packed.get(i))) {
                            used -= tokenCounter.applyAsInt(packed.get(i)) + separatorTokens;
                            packed.remove(i);
                        }
                    }
                }
                continue;
            }
            long cost = tokenCounter.applyAsInt(block) + (packed.isEmpty() ? 0 : separatorTokens);
            if (used + cost > tokenBudget) {
                break;
            }
            used += cost;
            packed.add(block);
        }
        return packed;
    }

    private static int indexOfFirstContainedIn(List<String> blocks, String block) {
        for (int i = 0; i < blocks.size(); i++) {
            if (block.contains(blocks.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** One exchange as prompt text, or empty when the character does not speak in it. */
    public static String block(RetrievedExchange exchange, String characterName) {
        List<ExchangeLine> spoken = exchange.lines().stream().filter(l -> !l.speaker().isEmpty()).toList();
        int last = -1;
        for (int i = 0; i < spoken.size(); i++) {
            if (isCharacter(spoken.get(i).speaker(), exchange, characterName)) {
                last = i;
            }
        }
        if (last < 0) {
            return "";
        }
        List<String> others = new ArrayList<>();
        StringBuilder block = new StringBuilder();
        for (ExchangeLine line : spoken.subList(0, last + 1)) {
            String name;
            if (isCharacter(line.speaker(), exchange, characterName)) {
                name = characterName;
            } else {
                if (!others.contains(line.speaker())) {
                    others.add(line.speaker());
                }
                name = "user" + others.indexOf(line.speaker());
            }
            if (!block.isEmpty()) {
                block.append('\n');
            }
            block.append(name).append(SPEAKER_COLON).append(line.text().strip());
        }
        return block.toString().strip();
    }

    private static boolean isCharacter(String speaker, RetrievedExchange exchange, String characterName) {
        return speaker.equals(characterName) || speaker.equals(exchange.speaker());
    }
}
