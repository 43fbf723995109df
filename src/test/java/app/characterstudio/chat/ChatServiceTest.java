package app.characterstudio.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.CandidateOrigin;
import app.characterstudio.store.Database;
import app.characterstudio.store.Session;
import app.characterstudio.store.StoredTemplate;
import app.characterstudio.store.Turn;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatServiceTest {
    @TempDir
    Path characters;

    private final Database database = Database.inMemory();
    private final ScriptedReplyGenerator generator = new ScriptedReplyGenerator();
    private final ChatFixtures.FixedRetriever retriever = new ChatFixtures.FixedRetriever();
    private PersonaRepository personas;
    private ChatService chat;

    @BeforeEach
    void setUp() {
        personas = new PersonaRepository(characters);
        personas.save(ChatFixtures.sansan());
        chat = new ChatService(database, personas, new ChatPorts(generator, ChatFixtures.ONE_TOKEN_PER_CHARACTER, retriever));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void sendingAMessageStreamsAndStoresCandidatesWithTheirPrompt() throws Exception {
        Session session = chat.startSession("sansan", "小明");
        Map<Integer, StringBuilder> streamed = new TreeMap<>();
        GenerationResult result = chat.send(session.id(), null, " 你好 ", 3, SamplingSettings.defaults().withLogprobs(true),
                (index, delta) -> streamed.computeIfAbsent(index, i -> new StringBuilder()).append(delta), () -> false);

        assertEquals("你好", result.turn().userText());
        assertEquals(3, result.candidates().size());
        assertEquals(List.of(0, 1, 2), new ArrayList<>(streamed.keySet()));
        for (int i = 0; i < 3; i++) {
            Candidate reply = result.candidates().get(i);
            assertEquals(ScriptedReplyGenerator.replyText(1, i), reply.text());
            assertEquals(streamed.get(i).toString(), reply.text());
            assertEquals(CandidateOrigin.MODEL, reply.origin());
            assertEquals("scripted-fake", reply.modelName());
            assertEquals(generator.prompts().get(0), reply.promptText());
            assertEquals(result.prompt().tokenCount(), reply.promptTokenCount());
            assertEquals("STOP", reply.finishReason());
            assertTrue(reply.logprobsJson().contains("logprob"));
        }
        assertEquals(1, result.candidates().stream().map(Candidate::batchId).distinct().count());
        String prompt = generator.prompts().get(0);
        assertTrue(prompt.startsWith("请你扮演“三三”与用户“小明”进行对话。"), prompt);
        assertTrue(prompt.contains("二二:你好\n三三:你好呀\n--------------------\n欧卡:吃了吗\n三三:吃过啦"), prompt);
        assertTrue(prompt.contains("以下是三三的人设：\n姓名：三三\n"), prompt);
        assertTrue(prompt.endsWith("小明:你好\n三三:"), prompt);
        assertEquals(List.of(Utterance.user("你好")), retriever.lastRecent);
        assertTrue(retriever.lastBudget > 0 && retriever.lastBudget < 4096 - 300);

        JsonNode retrieval = new ObjectMapper().readTree(result.candidates().get(0).retrievalJson());
        assertEquals(2, retrieval.size());
        assertEquals("二二:你好\n三三:你好呀", retrieval.get(0).get("text").asText());
        assertEquals("script-a.txt", retrieval.get(0).get("source").asText());
        assertEquals(10, retrieval.get(0).get("first_line").asInt());
        assertEquals(11, retrieval.get(0).get("last_line").asInt());
        assertEquals(2.5, retrieval.get(0).get("score").asDouble());
        JsonNode sampling = new ObjectMapper().readTree(result.candidates().get(0).samplingJson());
        assertEquals(5, sampling.get("top_k").asInt());
        assertEquals(300, sampling.get("max_new_tokens").asInt());
        assertEquals(chat.template("sansan").id(), result.candidates().get(0).templateId());
        assertEquals(ChatFixtures.FixedRetriever.EXCHANGES, chat.exchangesOf(result.candidates().get(0)));
    }

    @Test
    void readingTheTemplateInForceWritesNothing() {
        java.util.Map<String, Long> before = rowCounts();
        StoredTemplate builtIn = chat.template("sansan");
        assertEquals(0, builtIn.id());
        assertEquals(PromptTemplate.characterDefault().body(), builtIn.body());
        assertEquals(before, rowCounts(), "a fresh workspace: the built-in default is not stored by reading it");

        new app.characterstudio.store.PromptTemplateRepository(database)
                .save(null, ChatService.TEMPLATE_NAME, PromptTemplate.characterDefault().body(), 1);
        java.util.Map<String, Long> withOldLayout = rowCounts();
        assertEquals(2, chat.template("sansan").version());
        chat.templateVersions("sansan");
        assertEquals(withOldLayout, rowCounts(), "an old layout: its next version is not stored by reading it");
    }

    /** Rows per table: what a read must leave as it found. */
    private java.util.Map<String, Long> rowCounts() {
        return database.read(connection -> {
            java.util.Map<String, Long> counts = new java.util.TreeMap<>();
            java.util.List<String> tables = new java.util.ArrayList<>();
            try (var statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (var statement = connection.createStatement();
                     var rows = statement.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
                    rows.next();
                    counts.put(table, rows.getLong(1));
                }
            }
            return counts;
        });
    }

    @Test
    void aTemplateSavedUnderTheOldLayoutGetsANewVersionAndOldRepliesKeepTheirs() {
        // A workspace from before layout 2: its default template and a reply made with it.
        StoredTemplate old = new app.characterstudio.store.PromptTemplateRepository(database)
                .save(null, ChatService.TEMPLATE_NAME, PromptTemplate.characterDefault().body(), 1);
        Session session = chat.startSession("sansan", "");
        Turn turn = chat.say(session.id(), null, "你好");
        Candidate before = database.read(connection -> {
            try (var insert = connection.prepareStatement("INSERT INTO candidates (turn_id, text, origin, prompt_text, "
                    + "template_id, created_at) VALUES (?, 'hi', 'human', 'user0:…', ?, 0)")) {
                insert.setLong(1, turn.id());
                insert.setLong(2, old.id());
                insert.executeUpdate();
            }
            return null;
        }) == null ? chat.replies(turn.id()).get(0) : null;

        StoredTemplate shown = chat.template("sansan");
        assertEquals(2, shown.version());
        assertEquals(PromptTemplate.LAYOUT, shown.layout());
        assertEquals(old.body(), shown.body());
        assertEquals(0, shown.id(), "reading it stores nothing");
        assertEquals(old.id(), chat.templateOf(before).orElseThrow().id());
        assertEquals(1, chat.templateOf(before).orElseThrow().layout());
        Candidate after = chat.writeReply(turn.id(), "你好呀");
        StoredTemplate current = chat.template("sansan");
        assertEquals(2, current.version());
        assertEquals(current.id(), chat.templateOf(after).orElseThrow().id());
        assertEquals(current, chat.template("sansan"), "bumped once");
        chat.writeReply(turn.id(), "再说一次");
        assertEquals(current, chat.template("sansan"), "a second reply reuses the stored version");
        assertEquals("layout 2: speaker names kept", PromptTemplate.layoutDescription(current.layout()));
    }

    @Test
    void theConversationContinuesFromTheReplyItFollows() {
        Session session = chat.startSession("sansan", "");
        GenerationResult first = chat.send(session.id(), null, "你好", 2, SamplingSettings.defaults(), ReplyGenerator.ReplyStream.IGNORE, () -> false);
        Candidate picked = first.candidates().get(1);
        GenerationResult second = chat.send(session.id(), picked.id(), "在干嘛", 1, SamplingSettings.defaults(), ReplyGenerator.ReplyStream.IGNORE, () -> false);
        assertTrue(generator.prompts().get(1).endsWith("user:你好\n三三:" + picked.text() + "\nuser:在干嘛\n三三:"));
        Conversation conversation = chat.conversation(session.id());
        List<Conversation.Step> path = conversation.pathTo(second.turn().id());
        assertEquals(2, path.size());
        assertEquals(picked, path.get(0).reply());
        assertNull(path.get(1).reply());
    }

    @Test
    void regenerateEditWriteAndBranchGrowTheTree() {
        Session session = chat.startSession("sansan", "user");
        GenerationResult first = chat.send(session.id(), null, "你好", 2, SamplingSettings.defaults(), ReplyGenerator.ReplyStream.IGNORE, () -> false);
        long turn = first.turn().id();
        GenerationResult again = chat.generate(turn, 2, SamplingSettings.defaults(), ReplyGenerator.ReplyStream.IGNORE, () -> false);
        assertNotEquals(first.candidates().get(0).batchId(), again.candidates().get(0).batchId());

        Candidate edit = chat.editReply(first.candidates().get(0).id(), "改过的回复");
        assertEquals(CandidateOrigin.EDIT, edit.origin());
        assertEquals(first.candidates().get(0).id(), edit.editedFromId());
        Candidate written = chat.writeReply(turn, "我自己写的");
        assertEquals(CandidateOrigin.HUMAN, written.origin());
        assertTrue(written.promptText().endsWith("user:你好\n三三:"), written.promptText());
        assertNull(written.batchId());

        Turn branchA = chat.say(session.id(), edit.id(), "继续A");
        Turn branchB = chat.say(session.id(), edit.id(), "继续B");
        Turn sibling = chat.editMessage(turn, "您好");
        Conversation conversation = chat.conversation(session.id());
        assertEquals(6, conversation.candidatesOf(turn).size());
        assertEquals(List.of(branchA, branchB), conversation.turnsAfter(edit.id()));
        assertEquals(2, conversation.rootTurns().size());
        assertNull(sibling.parentCandidateId());
        assertEquals(List.of(Utterance.user("你好"), Utterance.character("改过的回复"), Utterance.user("继续B")),
                conversation.utterancesTo(branchB.id()));
        assertThrows(ChatException.class, () -> chat.say(session.id(), null, "  "));
    }

    @Test
    void withoutAModelMessagesAndHandWrittenRepliesStillWork() {
        ChatService offline = new ChatService(database, personas, ChatPorts.offline());
        assertFalse(offline.modelAvailable());
        Session session = offline.startSession("sansan", "user");
        GenerationResult sent = offline.send(session.id(), null, "你好", 3, SamplingSettings.defaults(),
                ReplyGenerator.ReplyStream.IGNORE, () -> false);
        assertTrue(sent.candidates().isEmpty());
        ChatException refused = assertThrows(ChatException.class, () -> offline.generate(sent.turn().id(), 1,
                SamplingSettings.defaults(), ReplyGenerator.ReplyStream.IGNORE, () -> false));
        assertTrue(refused.getMessage().contains("No model is loaded"), refused.getMessage());
        Candidate written = offline.writeReply(sent.turn().id(), "你好呀");
        assertEquals(CandidateOrigin.HUMAN, written.origin());
        BuiltPrompt prompt = offline.promptFor(sent.turn().id(), 300);
        assertTrue(prompt.tokenCountEstimated());
        assertEquals(prompt.text(), written.promptText());
        assertNull(written.promptTokenCount(), "an estimated count must not be stored as if it were real");
    }

    @Test
    void aCancelledGenerationStoresNoReplyButKeepsTheMessage() {
        Session session = chat.startSession("sansan", "user");
        generator.cancelAfter(2);
        GenerationResult result = chat.send(session.id(), null, "你好", 2, SamplingSettings.defaults(),
                ReplyGenerator.ReplyStream.IGNORE, () -> false);
        assertTrue(result.cancelled());
        Conversation conversation = chat.conversation(session.id());
        assertEquals(1, conversation.turns().size());
        assertTrue(conversation.candidates().isEmpty());
    }

    @Test
    void aSavedTemplateIsANewVersionUsedByLaterReplies() {
        Session session = chat.startSession("sansan", "user");
        StoredTemplate base = chat.template("sansan");
        assertNull(base.characterId());
        assertEquals(PromptTemplate.characterDefault().body(), base.body());
        StoredTemplate own = chat.saveTemplate("sansan", "你是${role_name}。\n${dialog}\n${role_name}:");
        assertEquals(1, own.version());
        StoredTemplate own2 = chat.saveTemplate("sansan", "扮演${role_name}。\n${dialog}\n${role_name}:");
        assertEquals(2, own2.version());
        GenerationResult result = chat.send(session.id(), null, "你好", 1, SamplingSettings.defaults(),
                ReplyGenerator.ReplyStream.IGNORE, () -> false);
        assertEquals("扮演三三。\nuser:你好\n三三:", result.candidates().get(0).promptText());
        assertEquals(own2.id(), result.candidates().get(0).templateId());
        assertThrows(ChatException.class, () -> chat.saveTemplate("sansan", "no dialog here"));
        assertThrows(ChatException.class, () -> chat.startSession("nobody", "user"));
    }
}
