package app.characterstudio.bench;

import app.characterstudio.chat.BuiltPrompt;
import app.characterstudio.chat.ChatPorts;
import app.characterstudio.chat.ChatService;
import app.characterstudio.chat.ExchangeRetriever;
import app.characterstudio.chat.GenerationResult;
import app.characterstudio.chat.ReplyGenerator;
import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.persona.Persona;
import app.characterstudio.script.ImportOptions;
import app.characterstudio.script.ImportProgress;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.Session;
import app.characterstudio.store.Turn;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One reply's cost outside the model, stage by stage, on a real script imported into a fresh workspace and a
 * loaded model asked for one token: the prompt (the turn and template reads, retrieval over the script index,
 * the build with its one encode), the model, and the storage of the candidate. The stages are timed through
 * the chat's own ports, wrapped: the prompt runs until the generator is called, the storage after it returns.
 */
public final class ReplyOverheadBenchmark {
    /** Medians over the rounds, in milliseconds; the prompt's size as built for the last round. */
    public record Figures(int promptTokens, int budgetTokens, int exchanges, int turns, int rounds,
                          double promptMs, double retrievalMs, double modelMs, double storageMs, double overheadMs) {
    }

    private static final String[] USER = {"今晚的节目几点开始？", "我养的猫走丢了，三天没回家，怎么办才好？",
        "台里的咖啡机又坏了，你平时喝什么？", "最近总是睡不着，有什么办法吗？", "你还记得我们第一次见面的时候吗？"};
    private static final String[] REPLY = {"十一点整，老时间，别迟到。", "别急，猫认得回家的路，你在门口放一件有你味道的衣服。",
        "那就喝茶吧，我抽屉里还有半罐。", "睡前别看手机，听一会儿节目就好。", "当然记得，那天下着雨，你没带伞。"};

    private ReplyOverheadBenchmark() {
    }

    /**
     * @param script       a script file to import (its speakers must include {@code character})
     * @param model        a model folder to load
     * @param character    the speaker the persona plays
     * @param promptTokens the conversation grows until its prompt holds about this many tokens (or the budget)
     */
    public static Figures run(Path script, Path model, String character, int promptTokens, int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        Path dir = WorkFolder.temporary("reply-bench");
        try (Studio studio = Studio.open(Workspace.open(dir.resolve("workspace")))) {
            studio.scripts().importFiles(List.of(script), ImportOptions.defaults(), ImportProgress.NONE);
            studio.personas().save(Persona.named("bench", character));
            studio.models().load(model, LoadOptions.DEFAULTS, LoadProgress.IGNORE, Cancellation.NEVER);
            ChatPorts real = studio.chat().ports();
            Timing timing = new Timing();
            studio.useChatPorts(new ChatPorts(timing.generator(real.generator()), real.tokenCounter(),
                    timing.retriever(real.retriever())));
            ChatService chat = studio.chat();
            SamplingSettings oneToken = SamplingSettings.defaults().withMaxNewTokens(1);

            Session session = chat.startSession("bench", "小满");
            Turn turn = chat.say(session.id(), null, USER[0]);
            BuiltPrompt prompt = chat.promptFor(turn.id(), oneToken.maxNewTokens());
            int turns = 1;
            while (prompt.tokenCount() < promptTokens && prompt.droppedHistoryLines().isEmpty() && turns < 500) {
                Candidate reply = chat.writeReply(turn.id(), REPLY[turns % REPLY.length] + "（" + turns + "）");
                turn = chat.say(session.id(), reply.id(), USER[turns % USER.length] + "（" + turns + "）");
                prompt = chat.promptFor(turn.id(), oneToken.maxNewTokens());
                turns++;
            }

            int warmUp = Math.min(2, rounds);
            double[][] stages = new double[4][rounds];
            for (int round = -warmUp; round < rounds; round++) {
                timing.reset();
                long start = System.nanoTime();
                GenerationResult result = chat.generate(turn.id(), 1, oneToken, ReplyGenerator.ReplyStream.IGNORE,
                        () -> false);
                long end = System.nanoTime();
                prompt = result.prompt();
                if (round >= 0) {
                    stages[0][round] = ms(timing.generatorIn - start);
                    stages[1][round] = ms(timing.retrieval);
                    stages[2][round] = ms(timing.generatorOut - timing.generatorIn);
                    stages[3][round] = ms(end - timing.generatorOut);
                }
            }
            double promptMs = median(stages[0]);
            double storageMs = median(stages[3]);
            return new Figures(prompt.tokenCount(), prompt.budgetTokens(), prompt.exchanges().size(), turns, rounds,
                    promptMs, median(stages[1]), median(stages[2]), storageMs, promptMs + storageMs);
        } finally {
            WorkFolder.delete(dir);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** When the generator was entered and left, and how long retrieval took, in the round under way. */
    private static final class Timing {
        volatile long generatorIn;
        volatile long generatorOut;
        volatile long retrieval;

        void reset() {
            generatorIn = 0;
            generatorOut = 0;
            retrieval = 0;
        }

        ExchangeRetriever retriever(ExchangeRetriever real) {
            return (persona, recent, budget, counter) -> {
                long start = System.nanoTime();
                try {
                    return real.retrieve(persona, recent, budget, counter);
                } finally {
                    retrieval += System.nanoTime() - start;
                }
            };
        }

        ReplyGenerator generator(ReplyGenerator real) {
            return new ReplyGenerator() {
                @Override
                public boolean available() {
                    return real.available();
                }

                @Override
                public String modelName() {
                    return real.modelName();
                }

                @Override
                public List<GeneratedReply> generate(String prompt, int count, SamplingSettings sampling,
                                                     ReplyStream stream, BooleanSupplier cancelled) {
                    return timed(() -> real.generate(prompt, count, sampling, stream, cancelled));
                }

                @Override
                public List<GeneratedReply> generate(BuiltPrompt prompt, int count, SamplingSettings sampling,
                                                     ReplyStream stream, BooleanSupplier cancelled) {
                    return timed(() -> real.generate(prompt, count, sampling, stream, cancelled));
                }
            };
        }

        private List<ReplyGenerator.GeneratedReply> timed(Supplier<List<ReplyGenerator.GeneratedReply>> generation) {
            generatorIn = System.nanoTime();
            try {
                return generation.get();
            } finally {
                generatorOut = System.nanoTime();
            }
        }
    }
}
