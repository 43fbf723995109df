package app.characterstudio.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.model.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTokenCounterTest {
    @Test
    void countsWithTheFixtureTokenizerAndBudgetsAPromptWithIt() throws Exception {
        Path model = Path.of(TokenizerTokenCounterTest.class.getResource("/tiny-index/tokenizer.model").toURI());
        try (Tokenizer tokenizer = Tokenizer.open(model)) {
            TokenizerTokenCounter counter = new TokenizerTokenCounter(tokenizer, 4096);
            assertFalse(counter.estimated());
            assertEquals(0, counter.count(""));
            String text = "user:你好，三三\n三三:";
            assertEquals(tokenizer.encode(text).length, counter.count(text));

            List<Utterance> path = List.of(Utterance.user("你好"), Utterance.character("你好呀"), Utterance.user("在干嘛"));
            PromptBuilder builder = new PromptBuilder(counter);
            BuiltPrompt full = builder.build(path, ChatFixtures.sansan(), "user", PromptTemplate.characterDefault(),
                    List.of(), PromptBudget.of(4096, 300));
            assertEquals(tokenizer.encode(full.text()).length, full.tokenCount());
            assertFalse(full.tokenCountEstimated());
            BuiltPrompt trimmed = builder.build(path, ChatFixtures.sansan(), "user", PromptTemplate.characterDefault(),
                    List.of(), new PromptBudget(full.tokenCount() + 9, 10, 0));
            assertTrue(trimmed.tokenCount() <= trimmed.budgetTokens());
            assertEquals("user:你好", trimmed.droppedHistoryLines().get(0));
        }
    }
}
