package app.characterstudio.chat;

import app.characterstudio.persona.Persona;
import java.util.List;

/** Shared test data for the chat room. */
public final class ChatFixtures {
    private ChatFixtures() {
    }

    /** A tokenizer stand-in that is not an estimate: one token per character, 4096 context. */
    public static final TokenCounter ONE_TOKEN_PER_CHARACTER = new TokenCounter() {
        @Override
        public int count(String text) {
            return text.length();
        }

        @Override
        public int contextLength() {
            return 4096;
        }
    };

    public static Persona sansan() {
        return Persona.builder("sansan", "三三").gender("女").age("16").nicknames(List.of("小三")).occupation("学生")
                .personality("活泼开朗").build();
    }

    /** A retriever with two fixed exchanges; remembers the budget it was given. */
    public static final class FixedRetriever implements ExchangeRetriever {
        public volatile int lastBudget = -1;
        public volatile List<Utterance> lastRecent = List.of();
        /** How many retrievals were asked: one per prompt built. */
        public final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        public static final List<RetrievedDialogue> EXCHANGES = List.of(
                new RetrievedDialogue("二二:你好\n三三:你好呀", "script-a.txt", 10, 11, 2.5),
                new RetrievedDialogue("欧卡:吃了吗\n三三:吃过啦", "script-b.txt", 3, 4, 1.25));

        @Override
        public List<RetrievedDialogue> retrieve(Persona persona, List<Utterance> recent, int tokenBudget,
                                                java.util.function.ToIntFunction<String> tokenCounter) {
            lastBudget = tokenBudget;
            lastRecent = recent;
            calls.incrementAndGet();
            return EXCHANGES;
        }
    }
}
