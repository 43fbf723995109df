package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.chat.ChatFixtures;
import app.characterstudio.chat.ChatPorts;
import app.characterstudio.chat.ExchangeRetriever;
import app.characterstudio.chat.ReplyGenerator;
import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.chat.ScriptedReplyGenerator;
import app.characterstudio.chat.TokenCounter;
import app.characterstudio.persona.PersonaRepository;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ChatCliTest {
    @TempDir
    Path workspace;

    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeEach
    void character() {
        new PersonaRepository(workspace.resolve("characters")).save(ChatFixtures.sansan());
    }

    /** Runs the CLI with typed input for {@code chat} and, when given, a fake model for chat and candidates. */
    private CliRunner.Result run(ChatPorts ports, String typed, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = StudioCommand.commandLine(w -> { }, new PrintWriter(out, true), new PrintWriter(err, true));
        ChatCommand chat = commandLine.getSubcommands().get("chat").getCommand();
        chat.input = new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8));
        chat.ports = ports;
        CandidatesCommand.Generate generate = commandLine.getSubcommands().get("candidates").getSubcommands()
                .get("generate").getCommand();
        generate.ports = ports;
        String[] all = new String[args.length + 2];
        all[0] = "--workspace";
        all[1] = workspace.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = commandLine.execute(all);
        return new CliRunner.Result(code, out.toString(), err.toString());
    }

    private static ChatPorts fakeModel() {
        return new ChatPorts(new ScriptedReplyGenerator(), TokenCounter.characterEstimate(), ExchangeRetriever.none());
    }

    @Test
    void withoutAModelRepliesAreWrittenByHandAndLabeled() throws Exception {
        String typed = String.join("\n", "你好", "/write 你好呀", "/write 嗨", "/choose 2", "/reject 1",
                "/reason bland too-long", "/note 太短", "/safety", "在干嘛", "/write 看书", "/edit 1 在看书呢", "/show",
                "/choose 9", "/frobnicate", "/quit") + "\n";
        CliRunner.Result result = run(null, typed, "chat", "--character", "sansan");
        assertEquals(0, result.exitCode(), result.toString());
        String out = result.out();
        assertTrue(out.contains("No model is loaded: write each reply with /write TEXT."), out);
        assertTrue(out.contains("Rejected: 1."), out);
        assertTrue(out.contains("Safety case: yes."), out);
        assertTrue(out.contains("Chose [2]."), out);
        assertTrue(out.contains("Reasons: bland, too_long"), out);
        assertTrue(out.contains("[2] (edit of 1) 在看书呢"), out);
        assertTrue(out.contains("error: There is no reply 9 (replies: 1-2)."), out);
        assertTrue(out.contains("Unknown command /frobnicate"), out);

        CliRunner.Result shown = run(null, "", "session", "show", "1");
        assertTrue(shown.out().contains("turn 1  user: 你好  [safety case]"), shown.toString());
        assertTrue(shown.out().contains("(chosen) (written) 嗨"), shown.out());
        assertTrue(shown.out().contains("  reply 2  (chosen) (written) 嗨\n    turn 2  user: 在干嘛"), shown.out());
        assertTrue(shown.out().contains("reasons: bland, too_long  note: 太短"), shown.out());

        Path file = workspace.resolve("out/session.json");
        CliRunner.Result exported = run(null, "", "session", "export-json", "1", "--output", file.toString());
        assertEquals(0, exported.exitCode(), exported.toString());
        JsonNode json = mapper.readTree(Files.readString(file));
        assertEquals("sansan", json.get("character_id").asText());
        JsonNode first = json.get("turns").get(0);
        assertEquals("human", first.get("candidates").get(0).get("origin").asText());
        assertTrue(first.get("candidates").get(0).get("prompt_text").asText().endsWith("user:你好\n三三:"));
        assertEquals(first.get("candidates").get(1).get("id").asLong(), first.get("label").get("chosen_candidate_id").asLong());
        assertTrue(first.get("label").get("safety_case").asBoolean());
        assertEquals("edit", json.get("turns").get(1).get("candidates").get(1).get("origin").asText());

        CliRunner.Result progress = run(null, "", "label", "progress", "--json");
        JsonNode counts = mapper.readTree(progress.out()).get(0);
        assertEquals(1, counts.get("labeled_turns").asInt());
        assertEquals(1, counts.get("unlabeled_turns").asInt());
        JsonNode list = mapper.readTree(run(null, "", "session", "list", "--json").out());
        assertEquals(2, list.get(0).get("turns").asInt());
        assertEquals("你好", list.get(0).get("first_message").asText());
    }

    @Test
    void withAModelCandidatesStreamRegenerateAndBranch() throws Exception {
        String typed = String.join("\n", "/help", "你好", "/choose 2", "/regen", "在干嘛", "/branch", "您在干嘛",
                "/prompt", "/quit") + "\n";
        CliRunner.Result result = run(fakeModel(), typed, "chat", "--character", "sansan", "--candidates", "2");
        assertEquals(0, result.exitCode(), result.toString());
        String out = result.out();
        assertTrue(out.contains("/choose N"), out);
        assertTrue(out.contains("[1] 回复1-0，你好呀\n[2] 回复1-1，你好呀"), out);
        assertTrue(out.contains("[3] 回复2-0，你好呀"), out);
        assertTrue(out.contains("Your next message replaces \"在干嘛\" as a new branch."), out);
        assertTrue(out.contains("user:你好\n三三:回复1-1，你好呀\nuser:您在干嘛\n三三:"), out);
        assertTrue(out.contains("tokens (estimated from characters)"), out);

        JsonNode json = mapper.readTree(run(null, "", "session", "show", "1", "--json").out());
        JsonNode turns = json.get("turns");
        assertEquals(3, turns.size());
        assertEquals(4, turns.get(0).get("candidates").size());
        long chosen = turns.get(0).get("candidates").get(1).get("id").asLong();
        assertEquals(chosen, turns.get(1).get("parent_candidate_id").asLong());
        assertEquals(chosen, turns.get(2).get("parent_candidate_id").asLong());
        assertEquals("scripted-fake", turns.get(0).get("candidates").get(0).get("model_name").asText());
        assertEquals("[]", turns.get(0).get("candidates").get(0).get("retrieval_json").asText());
    }

    @Test
    void labelSetChecksTheRepliesBelongToTheTurn() {
        run(null, "你好\n/write a\n/write b\n/quit\n", "chat", "--character", "sansan");
        run(null, "再见\n/write c\n/quit\n", "chat", "--character", "sansan");
        CliRunner.Result ok = run(null, "", "label", "set", "--turn", "1", "--chosen", "2", "--rejected", "1",
                "--reason", "bland", "--note", "更自然", "--rank", "2", "1");
        assertEquals(0, ok.exitCode(), ok.toString());
        assertTrue(ok.out().contains("Turn 1 labeled: chosen 2, rejected [1], reasons bland."), ok.out());
        CliRunner.Result wrong = run(null, "", "label", "set", "--turn", "1", "--chosen", "3");
        assertEquals(2, wrong.exitCode(), wrong.toString());
        assertTrue(wrong.err().contains("Reply 3 is not a reply of turn 1"), wrong.err());
        CliRunner.Result badTag = run(null, "", "label", "set", "--turn", "1", "--chosen", "2", "--reason", "boring");
        assertEquals(2, badTag.exitCode());
        assertTrue(badTag.err().contains("Unknown reason 'boring'"), badTag.err());
    }

    @Test
    void labelSetTakesReasonsPerReplyAndTheExportManifestCountsThemByRole() throws Exception {
        run(null, "你好\n/write a\n/write b\n/write c\n/quit\n", "chat", "--character", "sansan");
        CliRunner.Result ok = run(null, "", "label", "set", "--turn", "1", "--chosen", "2", "--rejected", "1", "3",
                "--reason", "other", "--reply-reason", "1=bland,too_long", "--reply-reason", "3=out_of_character",
                "2=repetitive");
        assertEquals(0, ok.exitCode(), ok.toString());
        assertTrue(ok.out().contains("reasons other; reply 1: bland, too_long; reply 2: repetitive; "
                + "reply 3: out_of_character."), ok.out());
        assertTrue(run(null, "", "session", "show", "1").out()
                .contains("reasons: other; reply 1: bland, too_long; reply 2: repetitive; reply 3: out_of_character"));

        Path out = workspace.resolve("out");
        CliRunner.Result export = run(null, "", "export", "--format", "trl-dpo", "--out", out.toString());
        assertEquals(0, export.exitCode(), export.toString());
        com.fasterxml.jackson.databind.JsonNode counts = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.resolve("manifest.json").toFile()).get("counts");
        assertEquals("{\"chosen\":{\"repetitive\":1},\"rejected\":{\"bland\":1,\"out_of_character\":1,"
                + "\"too_long\":1},\"turn\":{\"other\":1}}", counts.get("reasons_by_reply").toString());
        assertEquals(2, counts.get("per_reason").get("bland").asInt(), "rows: one per rejected reply");

        for (String bad : List.of("x=bland", "1=", "bland")) {
            CliRunner.Result refused = run(null, "", "label", "set", "--turn", "1", "--chosen", "2", "--reply-reason", bad);
            assertEquals(2, refused.exitCode(), bad + ": " + refused);
            assertTrue(refused.err().contains("--reply-reason '" + bad + "'"), refused.err());
        }
        CliRunner.Result otherTurn = run(null, "", "label", "set", "--turn", "1", "--chosen", "2", "--reply-reason", "9=bland");
        assertTrue(otherTurn.err().contains("Reply 9 is not a reply of turn 1"), otherTurn.err());
        assertTrue(run(null, "", "session", "show", "1").out().contains("reply 3: out_of_character"),
                "a refused label changes nothing");

        // whose labels: the label above was made by "alice" (the workspace's name is unset: --labeler names her)
        run(null, "", "label", "set", "--turn", "1", "--chosen", "2", "--rejected", "1", "--labeler", "alice");
        CliRunner.Result hers = run(null, "", "export", "--format", "trl-dpo", "--labeler", "alice", "--preview", "5",
                "--json");
        assertEquals(0, hers.exitCode(), hers.toString());
        assertEquals(1, new com.fasterxml.jackson.databind.ObjectMapper().readTree(hers.out()).get("rows").asInt());
        CliRunner.Result nobody = run(null, "", "export", "--format", "trl-dpo", "--labeler", "carol", "--preview", "5");
        assertEquals(2, nobody.exitCode(), "carol has no labels: " + nobody);
        CliRunner.Result badPolicy = run(null, "", "export", "--format", "trl-dpo", "--labeler", "all", "--conflicts", "vote");
        assertEquals(2, badPolicy.exitCode());
        assertTrue(badPolicy.err().contains("Unknown conflict policy 'vote'; expected skip or latest."), badPolicy.err());
    }

    @Test
    void candidatesGenerateFillsOneSessionPerLine() throws Exception {
        Path prompts = workspace.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"message\": \"你好\"}\n\n{\"prompt\": \"今天天气怎么样\"}\n");
        CliRunner.Result result = run(fakeModel(), "", "candidates", "generate", "--character", "sansan",
                "--model", "replaced-by-the-fake", "--input", prompts.toString(), "--candidates", "3");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("Stored 6 replies in 2 sessions for sansan."), result.out());
        JsonNode list = mapper.readTree(run(null, "", "session", "list", "--character", "sansan", "--json").out());
        assertEquals(2, list.size());
        assertEquals(3, list.get(0).get("replies").asInt());
    }

    @Test
    void aRerunOfAnInterruptedCandidatesRunFillsItsEmptyTurnsAndStartsNoNewSession() throws Exception {
        Path prompts = workspace.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"message\": \"你好\"}\n{\"message\": \"在干嘛\"}\n{\"message\": \"你好\"}\n");
        ScriptedReplyGenerator scripted = new ScriptedReplyGenerator();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        ReplyGenerator dying = around(scripted, sampling -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("killed while generating the second line's replies");
            }
        });
        String[] generate = {"candidates", "generate", "--character", "sansan", "--model", "replaced-by-the-fake",
            "--input", prompts.toString(), "--candidates", "3"};
        CliRunner.Result killed = run(new ChatPorts(dying, TokenCounter.characterEstimate(), ExchangeRetriever.none()),
                "", generate);
        assertEquals(1, killed.exitCode(), killed.toString());

        CliRunner.Result rerun = run(fakeModel(), "", generate);

        assertEquals(0, rerun.exitCode(), rerun.toString());
        assertTrue(rerun.out().contains("[1/3] session 1, turn 1: already has 3 replies"), rerun.out());
        assertTrue(rerun.out().contains("[2/3] session 2, turn 2: 3 replies"), "the empty turn is filled: " + rerun.out());
        assertTrue(rerun.out().contains("[3/3] session 3, "), "the same message on another line is its own session: "
                + rerun.out());
        JsonNode list = mapper.readTree(run(null, "", "session", "list", "--character", "sansan", "--json").out());
        assertEquals(3, list.size(), list.toString());
        for (JsonNode session : list) {
            assertEquals(3, session.get("replies").asInt(), session.toString());
        }
        assertTrue(run(fakeModel(), "", generate).out().contains("Stored 0 replies in 0 sessions for sansan. 3 sessions"
                + " already had theirs."));
    }

    /** {@code scripted}, with {@code before} seeing each request's sampling first (and free to throw). */
    private static ReplyGenerator around(ScriptedReplyGenerator scripted, java.util.function.Consumer<SamplingSettings> before) {
        return new ReplyGenerator() {
            @Override
            public boolean available() {
                return true;
            }

            @Override
            public String modelName() {
                return scripted.modelName();
            }

            @Override
            public List<GeneratedReply> generate(String prompt, int count, SamplingSettings sampling, ReplyStream stream,
                                                 java.util.function.BooleanSupplier cancelled) {
                before.accept(sampling);
                return scripted.generate(prompt, count, sampling, stream, cancelled);
            }
        };
    }

    @Test
    void candidatesGenerateSamplesWithTheSharedSamplingOptions() throws Exception {
        Path prompts = workspace.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"message\": \"你好\"}\n");
        ScriptedReplyGenerator scripted = new ScriptedReplyGenerator();
        List<SamplingSettings> asked = new java.util.ArrayList<>();
        ReplyGenerator recording = around(scripted, asked::add);
        ChatPorts ports = new ChatPorts(recording, TokenCounter.characterEstimate(), ExchangeRetriever.none());
        CliRunner.Result result = run(ports, "", "candidates", "generate", "--character", "sansan",
                "--model", "replaced-by-the-fake", "--input", prompts.toString(), "--candidates", "2",
                "--temperature", "0.3", "--top-k", "9", "--top-p", "0.5", "--repetition-penalty", "1.2", "--seed", "11",
                "--max-new-tokens", "40");
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(new SamplingSettings(40, 0.3f, 9, 0.5f, 1.2f, 11, false)), asked);

        CliRunner.Result bad = run(ports, "", "candidates", "generate", "--character", "sansan",
                "--model", "replaced-by-the-fake", "--input", prompts.toString(), "--top-p", "2");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("top-p must be in (0, 1], got 2.0"), bad.err());
        assertEquals(1, asked.size(), "a bad option generates nothing");
    }

    @Test
    void candidatesGenerateRefusesABadLineOrNoModelAndWritesNothing() throws Exception {
        Path prompts = workspace.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"message\": \"你好\"}\n{\"text\": 3}\n");
        CliRunner.Result bad = run(fakeModel(), "", "candidates", "generate", "--character", "sansan",
                "--model", "replaced-by-the-fake", "--input", prompts.toString());
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("prompts.jsonl line 2: expected an object with a non-empty \"message\""), bad.err());
        Files.writeString(prompts, "{\"message\": \"你好\"}\n");
        CliRunner.Result noModel = run(null, "", "candidates", "generate", "--character", "sansan",
                "--input", prompts.toString());
        assertEquals(2, noModel.exitCode());
        assertTrue(noModel.err().contains("needs --model DIR (the local engine) or --backend NAME"), noModel.err());
        CliRunner.Result missingModel = run(null, "", "candidates", "generate", "--character", "sansan",
                "--model", workspace.resolve("models/none").toString(), "--input", prompts.toString());
        assertEquals(2, missingModel.exitCode(), missingModel.toString());
        assertTrue(run(null, "", "session", "list").out().contains("No sessions yet."));
    }

    @Test
    void modelOptionLoadsTheModelWhoseTokenizerCountsExactlyAndHelpWorks() throws Exception {
        CliRunner.Result missing = run(null, "", "chat", "--character", "sansan", "--model", workspace.resolve("models/x").toString());
        assertEquals(2, missing.exitCode(), missing.toString());
        Path tiny = Path.of(getClass().getResource("/tiny-index/config.json").toURI()).getParent();
        CliRunner.Result result = run(null, "你好\n/prompt\n/quit\n", "chat", "--character", "sansan", "--model", tiny.toString());
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("Model tiny-index loaded on cpu"), result.out());
        // the tiny fixture model has a 256-token context: the exact count shows the prompt cannot fit
        assertTrue(result.out().matches("(?s).*alone take \\d+ tokens, more than the \\d+ the prompt may use \\(context 256 .*"),
                result.out());
        for (String[] help : new String[][] {{"chat", "--help"}, {"session", "--help"}, {"label", "set", "--help"},
            {"candidates", "generate", "--help"}, {"template", "--help"}}) {
            assertEquals(0, run(null, "", help).exitCode(), String.join(" ", help));
        }
        assertEquals(2, run(null, "", "chat", "--character", "nobody").exitCode());
    }

    @Test
    void templatesAreShownAndSavedAsVersions() throws Exception {
        assertTrue(run(null, "", "template", "show", "--character", "sansan").out()
                .contains("-- default template, version 1 (built in, stored with the first reply, layout 2: speaker names kept)"));
        Path file = workspace.resolve("t.txt");
        Files.writeString(file, "扮演${role_name}\n${dialog}\n${role_name}:");
        assertTrue(run(null, "", "template", "set", "--character", "sansan", "--file", file.toString()).out()
                .contains("Saved sansan template version 1"));
        assertTrue(run(null, "", "template", "show", "--character", "sansan").out().startsWith("扮演${role_name}"));
        assertTrue(run(null, "", "template", "versions", "--character", "sansan").out()
                .contains("layout 2: speaker names kept"));
        Files.writeString(file, "no placeholder");
        CliRunner.Result refused = run(null, "", "template", "set", "--character", "sansan", "--file", file.toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("must contain ${dialog}"));
    }

    @Test
    void benchChatReportsItsFigures() throws Exception {
        CliRunner.Result result = run(null, "", "bench", "chat", "--turns", "8", "--candidates", "2", "--json");
        assertEquals(0, result.exitCode(), result.toString());
        JsonNode figures = mapper.readTree(result.out());
        assertEquals(8, figures.get("turns").asInt());
        assertEquals(20, figures.get("exchanges_kept").asInt());
        assertEquals(0, figures.get("history_lines_dropped").asInt());
        assertTrue(figures.get("prompt_tokens").asInt() > 0);
        assertTrue(figures.has("session_load_ms") && figures.has("label_save_ms"));
    }

    @Test
    void chatWithAModelGeneratesRepliesThatCanBeLabeled() throws Exception {
        Path model = app.characterstudio.TinyModelFixture.copyWithContext(workspace.resolve("models"), 2048);
        CliRunner.Result result = run(null, "hello\n/choose 2\n/reject 1\n/quit\n", "chat", "--character", "sansan",
                "--model", model.toString(), "--candidates", "2", "--max-new-tokens", "12");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("Model tiny-index loaded on cpu"), result.out());
        JsonNode sessions = mapper.readTree(run(null, "", "session", "list", "--character", "sansan", "--json").out());
        assertEquals(2, sessions.get(0).get("replies").asInt(), sessions.toString());
        JsonNode progress = mapper.readTree(run(null, "", "label", "progress", "--json").out());
        assertEquals(1, progress.get(0).get("labeled_turns").asInt(), progress.toString());
    }

    @Test
    void candidatesGenerateWithAModelNamedUnderModelsFillsSessions() throws Exception {
        app.characterstudio.TinyModelFixture.copyWithContext(workspace.resolve("models"), 2048);
        Path prompts = workspace.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"message\": \"hello\"}\n{\"message\": \"你好\"}\n");
        CliRunner.Result result = run(null, "", "candidates", "generate", "--character", "sansan",
                "--model", "tiny-index", "--input", prompts.toString(), "--candidates", "2", "--max-new-tokens", "8");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("Stored 4 replies in 2 sessions for sansan."), result.out());
    }
}
