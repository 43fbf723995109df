package app.characterstudio.bench;

import app.characterstudio.chat.BuiltPrompt;
import app.characterstudio.chat.PromptBudget;
import app.characterstudio.chat.PromptBuilder;
import app.characterstudio.chat.PromptTemplate;
import app.characterstudio.chat.RetrievedDialogue;
import app.characterstudio.chat.TokenCounter;
import app.characterstudio.chat.Utterance;
import app.characterstudio.label.Label;
import app.characterstudio.label.LabelService;
import app.characterstudio.persona.Persona;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.CandidateDraft;
import app.characterstudio.store.ConversationRepository;
import app.characterstudio.store.Database;
import app.characterstudio.store.Session;
import app.characterstudio.store.Turn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Chat's own costs outside the model: assembling the prompt of a long conversation with budget
 * trimming, and the turn, reply and label writes and the session load against a SQLite file (WAL).
 */
public final class ChatBenchmark {
    /** Sizes as generated; times in milliseconds per operation. */
    public record Figures(int turns, int candidatesPerTurn, int promptTokens, int historyLinesDropped, int exchangesKept,
                          double promptBuildMs, double turnWriteMs, double labelSaveMs, double sessionLoadMs) {
    }

    /** How many retrieved exchanges the prompt is offered. */
    public static final int EXCHANGES = 20;

    private ChatBenchmark() {
    }

    public static Figures run(int turns, int candidates) {
        Persona persona = Persona.named("bench", "三三");
        List<Utterance> path = new ArrayList<>();
        for (int i = 0; i < turns; i++) {
            path.add(Utterance.user("第" + i + "个问题，今天天气怎么样？我们去哪里玩比较好呢"));
            path.add(Utterance.character("第" + i + "个回答，今天天气很好，我们去公园散步吧！"));
        }
        path.add(Utterance.user("最后一个问题"));
        List<RetrievedDialogue> exchanges = new ArrayList<>();
        for (int i = 0; i < EXCHANGES; i++) {
            exchanges.add(new RetrievedDialogue("二二:你好" + i + "\n三三:你好呀，今天也很开心" + i, "bench.txt", i, i + 1, EXCHANGES - i));
        }
        PromptBuilder builder = new PromptBuilder(TokenCounter.characterEstimate());
        PromptBudget budget = PromptBudget.of(4096, 300);
        int rounds = 50;
        BuiltPrompt prompt = null;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            prompt = builder.build(path, persona, "user", PromptTemplate.characterDefault(), exchanges, budget);
        }
        double promptMs = (System.nanoTime() - start) / 1e6 / rounds;

        Path dir = WorkFolder.temporary("chat-bench");
        try (Database database = Database.open(dir.resolve("bench.db"))) {
            ConversationRepository conversations = new ConversationRepository(database);
            LabelService labels = new LabelService(database);
            Session session = conversations.createSession("bench", "", "user");
            Long parent = null;
            long writeStart = System.nanoTime();
            List<Long> turnIds = new ArrayList<>();
            List<Long> chosen = new ArrayList<>();
            for (int i = 0; i < turns; i++) {
                Turn turn = conversations.addTurn(session.id(), parent, "问题" + i);
                List<CandidateDraft> drafts = new ArrayList<>();
                for (int c = 0; c < candidates; c++) {
                    drafts.add(CandidateDraft.handWritten("回答" + i + "-" + c, prompt.text(), prompt.tokenCount(), null, "[]"));
                }
                List<Candidate> stored = conversations.addCandidates(turn.id(), "b" + i, drafts);
                parent = stored.get(0).id();
                turnIds.add(turn.id());
                chosen.add(parent);
            }
            double writeMs = (System.nanoTime() - writeStart) / 1e6 / turns;
            long labelStart = System.nanoTime();
            for (int i = 0; i < turns; i++) {
                labels.save(Label.empty(turnIds.get(i)).withChosen(chosen.get(i)));
            }
            double labelMs = (System.nanoTime() - labelStart) / 1e6 / turns;
            long loadStart = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                conversations.outline(session.id());
            }
            double loadMs = (System.nanoTime() - loadStart) / 1e6 / 10;
            return new Figures(turns, candidates, prompt.tokenCount(), prompt.droppedHistoryLines().size(),
                    prompt.exchanges().size(), round(promptMs), round(writeMs), round(labelMs), round(loadMs));
        } finally {
            WorkFolder.delete(dir);
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
