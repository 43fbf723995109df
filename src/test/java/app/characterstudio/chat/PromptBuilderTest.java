package app.characterstudio.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.persona.Persona;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptBuilderTest {
    /** One token per character: makes budgets easy to reason about. */
    private static final TokenCounter CHARS = new TokenCounter() {
        @Override
        public int count(String text) {
            return text.length();
        }

        @Override
        public int contextLength() {
            return 4096;
        }
    };

    private final PromptBuilder builder = new PromptBuilder(CHARS);
    private final PromptTemplate template = PromptTemplate.characterDefault();
    private final Persona persona = Persona.builder("sansan", "三三").gender("女").personality("活泼").build();
    private final List<RetrievedDialogue> exchanges = List.of(
            new RetrievedDialogue("user0:你好\n三三:你好呀", "a.txt", 1, 2, 3.0),
            new RetrievedDialogue("user0:吃了吗\n三三:吃过啦", "a.txt", 7, 8, 2.0),
            new RetrievedDialogue("user0:再见\n三三:明天见", "b.txt", 4, 5, 1.0));

    /** Ten history lines h0..h9 (alternating user and character), then the last user message. */
    private static List<Utterance> longPath() {
        List<Utterance> path = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            path.add(i % 2 == 0 ? Utterance.user("问题" + i) : Utterance.character("回答" + i));
        }
        path.add(Utterance.user("最后的问题"));
        return path;
    }

    @Test
    void everythingFitsRendersTheTemplateExactly() {
        List<Utterance> path = List.of(Utterance.user("你好"), Utterance.character("嗨"), Utterance.user("在吗"));
        BuiltPrompt prompt = builder.build(path, persona, "user", template, exchanges, PromptBudget.of(4096, 300));
        String expected = template.render(new PromptTemplate.PromptParts("三三", "user", "姓名：三三\n性别：女\n性格：活泼",
                exchanges.stream().map(RetrievedDialogue::text).toList(), List.of("user:你好", "三三:嗨", "user:在吗")));
        assertEquals(expected, prompt.text());
        assertTrue(prompt.text().endsWith("user:你好\n三三:嗨\nuser:在吗\n三三:"));
        assertEquals(prompt.text().length(), prompt.tokenCount());
        assertEquals(exchanges, prompt.exchanges());
        assertTrue(prompt.droppedHistoryLines().isEmpty());
        assertTrue(prompt.droppedExchanges().isEmpty());
        assertFalse(prompt.tokenCountEstimated());
        assertEquals(3796, prompt.budgetTokens());
    }

    @Test
    void oldestHistoryGoesBeforeAnyExchange() {
        BuiltPrompt full = build(longPath(), 100_000);
        BuiltPrompt trimmed = build(longPath(), full.tokenCount() - 1);
        assertEquals(List.of("user:问题0"), trimmed.droppedHistoryLines());
        assertEquals(exchanges, trimmed.exchanges());
        assertTrue(trimmed.tokenCount() <= trimmed.budgetTokens());
    }

    @Test
    void unprotectedHistoryIsDroppedWholeBeforeExchangesThenLowestRankedExchangeGoes() {
        BuiltPrompt full = build(longPath(), 100_000);
        // every unprotected line (h0..h3) gone and one more token short: the third exchange must go
        int unprotected = List.of("user:问题0", "三三:回答1", "user:问题2", "三三:回答3").stream()
                .mapToInt(line -> line.length() + 1).sum();
        BuiltPrompt trimmed = build(longPath(), full.tokenCount() - unprotected - 1);
        assertEquals(4, trimmed.droppedHistoryLines().size());
        assertEquals(exchanges.subList(0, 2), trimmed.exchanges());
        assertEquals(List.of(exchanges.get(2)), trimmed.droppedExchanges());
        assertEquals(7, trimmed.dialogLines().size());
    }

    @Test
    void protectedHistoryGoesOnlyAfterAllExchanges() {
        BuiltPrompt bare = builder.build(List.of(Utterance.user("最后的问题")), persona, "user", template, List.of(),
                PromptBudget.of(100_000, 10));
        BuiltPrompt trimmed = build(longPath(), bare.tokenCount() + "三三:回答9\n".length());
        assertTrue(trimmed.exchanges().isEmpty());
        assertEquals(List.of("三三:回答9", "user:最后的问题"), trimmed.dialogLines());
        assertEquals(9, trimmed.droppedHistoryLines().size());
        assertEquals("user:问题0", trimmed.droppedHistoryLines().get(0));
    }

    @Test
    void personaAndLastMessageAreNeverDropped() {
        BuiltPrompt bare = builder.build(List.of(Utterance.user("最后的问题")), persona, "user", template, List.of(),
                PromptBudget.of(100_000, 10));
        BuiltPrompt tight = build(longPath(), bare.tokenCount());
        assertEquals(List.of("user:最后的问题"), tight.dialogLines());
        assertTrue(tight.text().contains("性格：活泼"));
        ChatException tooLong = assertThrows(ChatException.class, () -> build(longPath(), bare.tokenCount() - 1));
        assertTrue(tooLong.getMessage().contains("persona and the last message"), tooLong.getMessage());
    }

    @Test
    void aPathThatDoesNotEndWithTheUserIsRefused() {
        assertThrows(ChatException.class, () -> builder.build(List.of(Utterance.user("a"), Utterance.character("b")),
                persona, "user", template, List.of(), PromptBudget.of(4096, 300)));
    }

    @Test
    void roomForExchangesIsWhatRemainsAfterPersonaMessageAndProtectedHistory() {
        PromptBudget budget = PromptBudget.of(4096, 300);
        int room = builder.roomForExchanges(longPath(), persona, "user", template, budget);
        BuiltPrompt withoutExchanges = builder.build(longPath().subList(4, 11), persona, "user", template, List.of(), budget);
        assertEquals(budget.promptTokens() - withoutExchanges.tokenCount(), room);
    }

    @Test
    void characterEstimateCountsChineseCharactersAndAsciiWords() {
        TokenCounter estimate = TokenCounter.characterEstimate();
        assertTrue(estimate.estimated());
        assertEquals(4096, estimate.contextLength());
        assertEquals(3, estimate.count("你好吗"));
        assertEquals(2, estimate.count("hello")); // 5 letters -> 2 tokens
        assertEquals(2 + 1 + 1, estimate.count("hello 你")); // word, space, 你
        assertEquals(0, estimate.count(""));
    }

    private BuiltPrompt build(List<Utterance> path, int promptTokens) {
        return builder.build(path, persona, "user", template, exchanges, PromptBudget.of(promptTokens + 10, 10));
    }
}
