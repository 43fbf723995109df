package app.characterstudio.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.chat.RetrievedDialogue;
import app.characterstudio.persona.Persona;
import app.characterstudio.script.ImportOptions;
import app.characterstudio.script.ImportProgress;
import app.characterstudio.store.EvalRepository;
import app.characterstudio.store.EvalRepository.ItemRow;
import app.characterstudio.store.EvalRepository.ReplyRow;
import app.characterstudio.store.EvalRepository.ScoreRow;
import app.characterstudio.store.EvalRepository.SetRow;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.adapters.ScriptExchangeRetriever;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void importsCharacterEvalsFilesWithTheUsedProfilesAsPersonasLinkedByName() {
        try (Studio studio = EvalFixtures.studio(dir, new FakeGenerator())) {
            SetRow set = studio.evals().importCharacterEval(EvalFixtures.resource("charactereval"), "ce");

            assertEquals(4, set.itemCount());
            List<String> names = studio.personas().list().stream().map(Persona::name).sorted().toList();
            assertEquals(List.of("三三", "小明"), names, "the unused role 路人 is not imported");
            List<ItemRow> items = studio.evals().items(set.id());
            assertEquals(List.of("101", "102", "205", "206"), items.stream().map(ItemRow::key).toList());
            Persona xiaoming = studio.personas().get(items.get(0).characterId());
            assertEquals("小明", xiaoming.name());
            assertEquals("男", xiaoming.gender(), "read by the Chinese-profile importer");
            assertEquals(List.of(new Metric("Humanlikeness", "类人程度"), new Metric("Empathy", "共情度"),
                    new Metric("Behavior", "行为一致性")), EvalService.metrics(items.get(2)));
            assertEquals("老师：上课别睡觉。\n小明：我没睡！\n老师：那你说说刚才讲了什么？", items.get(1).context());
            assertNull(items.get(0).reference());
            // what CharacterEval's run_char_rm.py writes: str() of the profile dict
            assertEquals("{'姓名': '小明', '性别': '男', '年龄': 12, '性格': \"调皮，爱说'没问题'\", "
                    + "'人物简介': '一个普通的小学生\\n喜欢踢球。'}", studio.evals().profiles(set.id()).get("小明"));
            assertEquals("{'姓名': '三三', '性别': '女', '职业': '虚拟主播', '口头禅': ['哼', '才不是呢']}",
                    studio.evals().profiles(set.id()).get("三三"));

            studio.evals().importCharacterEval(EvalFixtures.resource("charactereval"), "ce-again");
            assertEquals(2, studio.personas().list().size(), "a second import links to the personas of the same names");
            EvalException taken = assertThrows(EvalException.class,
                    () -> studio.evals().importCharacterEval(EvalFixtures.resource("charactereval"), "ce"));
            assertTrue(taken.getMessage().contains("already a test set named 'ce'"), taken.getMessage());
        }
    }

    @Test
    void badCharacterEvalInputNamesTheFileAndItemAndWritesNothing() throws Exception {
        assertRefused("test_data.jsonl", s -> s.replace("\"role\": \"三三\",\n        \"novel_name\": \"二三的日常\",\n"
                + "        \"context\": \"观众", "\"role\": \"无名\",\n        \"novel_name\": \"二三的日常\",\n"
                + "        \"context\": \"观众"), "test_data.jsonl, item id 206: role '无名' has no profile in");
        assertRefused("test_data.jsonl", s -> s.replace("老师：上课别睡觉。", "老师上课别睡觉。"),
                "test_data.jsonl, item id 102, context line 1: expected 'speaker：line'");
        assertRefused("id2metric.jsonl", s -> s.replace("\"205\":", "\"2050\":"),
                "test_data.jsonl, item id 205: id 205 is missing from");
        assertRefused("test_data.jsonl", s -> "{\"data\": " + s + "}",
                "test_data.jsonl: expected one JSON array of {id, role, novel_name, context} objects");
        assertRefused("id2metric.jsonl", s -> "[" + s + "]", "id2metric.jsonl: expected one JSON object");
        assertRefused("character_profiles.json", s -> "[]", "character_profiles.json: expected a JSON object");
    }

    private void assertRefused(String file, UnaryOperator<String> change, String expected) throws Exception {
        Path data = EvalFixtures.characterEvalCopy(Files.createTempDirectory(dir, "case"));
        Path target = data.resolve(file);
        Files.writeString(target, change.apply(Files.readString(target, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        Path workspace = Files.createTempDirectory(dir, "ws");
        try (Studio studio = EvalFixtures.studio(workspace, new FakeGenerator())) {
            EvalException e = assertThrows(EvalException.class, () -> studio.evals().importCharacterEval(data, "bad"));
            assertTrue(e.getMessage().contains(expected), e.getMessage());
            assertTrue(e.getMessage().contains(data.toString()), "names the file: " + e.getMessage());
            assertTrue(studio.personas().list().isEmpty(), "no persona written");
            assertTrue(studio.evals().sets().isEmpty(), "no set written");
        }
    }

    @Test
    void aSetFromScriptsHoldsOutLinesThatARunNeverRetrieves() throws Exception {
        FakeGenerator generator = new FakeGenerator();
        try (Studio studio = EvalFixtures.studio(dir, generator)) {
            studio.scripts().importFiles(List.of(EvalFixtures.resource("script/retrieval.txt")), ImportOptions.defaults(),
                    ImportProgress.NONE);
            Persona sansan = studio.personas().save(Persona.named("sansan", "三三"));

            SetRow set = studio.evals().fromScripts(List.of("sansan"), 3, 7, null);
            List<ItemRow> items = studio.evals().items(set.id());
            assertEquals("scripts-seed-7", set.name());
            assertEquals(3, items.size());
            for (ItemRow item : items) {
                assertEquals("retrieval.txt", item.heldOutSource());
                assertTrue(item.context().endsWith("：" + previousLine(item)), item.context());
                assertEquals(12, EvalService.metrics(item).size());
            }
            assertEquals(items.stream().map(ItemRow::key).toList(), studio.evals().items(studio.evals()
                    .fromScripts(List.of("sansan"), 3, 7, "again").id()).stream().map(ItemRow::key).toList(),
                    "the same seed holds out the same lines");

            // without the exclusion, retrieval would put some held-out answer in the prompt
            ScriptExchangeRetriever retriever = new ScriptExchangeRetriever(studio.scripts());
            boolean wouldLeak = false;
            for (ItemRow item : items) {
                String last = item.context().substring(item.context().lastIndexOf('\n') + 1).split("：", 2)[1];
                for (RetrievedDialogue d : retriever.retrieve(sansan, List.of(app.characterstudio.chat.Utterance.user(last)),
                        100_000, String::length)) {
                    wouldLeak |= d.firstLine() <= item.heldOutLine() && item.heldOutLine() <= d.lastLine();
                }
            }
            assertTrue(wouldLeak, "the fixture must be one where retrieval finds the held-out lines");

            EvalService.RunOutcome outcome = studio.evals().run(new EvalService.RunRequest(set.name(), null,
                    Sampling.defaults(), null, 8), EvalFixtures.FAKE, EvalService.RunListener.IGNORE, () -> false);
            assertEquals(3, outcome.done());
            List<ReplyRow> replies = studio.evals().replies(outcome.run().id());
            boolean retrievedSomething = false;
            for (ReplyRow reply : replies) {
                ItemRow item = items.stream().filter(i -> i.id() == reply.itemId()).findFirst().orElseThrow();
                assertFalse(reply.prompt().contains(item.reference()), "the answer is not in its own prompt");
                for (JsonNode exchange : JSON.readTree(reply.retrievalJson())) {
                    retrievedSomething = true;
                    for (ItemRow heldOut : items) {
                        int line = heldOut.heldOutLine();
                        assertFalse(exchange.get("first_line").asInt() <= line && line <= exchange.get("last_line").asInt(),
                                "held-out line " + line + " retrieved for item " + item.key());
                    }
                }
            }
            assertTrue(retrievedSomething, "other exchanges are still retrieved");
            Map<Long, Double> f1 = new java.util.HashMap<>();
            studio.evals().scores(outcome.run().id()).stream().filter(s -> s.metric().equals(EvalService.CHAR_F1))
                    .forEach(s -> f1.put(s.itemId(), s.value()));
            assertEquals(3, f1.size(), "each reply is scored against its reference");
        }
    }

    private static String previousLine(ItemRow item) {
        String[] lines = item.context().split("\n");
        return lines[lines.length - 1].split("：", 2)[1];
    }

    @Test
    void aCancelledRunAndAFailedRunResumeWithoutDuplicatesOrGaps() {
        FakeGenerator generator = new FakeGenerator();
        try (Studio studio = EvalFixtures.studio(dir, generator)) {
            studio.evals().importCharacterEval(EvalFixtures.resource("charactereval"), "ce");
            EvalService.RunRequest request = new EvalService.RunRequest("ce", null, Sampling.defaults(), null, 3);
            List<int[]> progress = new ArrayList<>();

            EvalService.RunOutcome first = studio.evals().run(request, EvalFixtures.FAKE,
                    (done, total, rate, eta) -> progress.add(new int[] {done, total}), () -> generator.prompts.size() >= 2);
            assertTrue(first.cancelled());
            assertEquals(2, first.done(), "the two items answered are kept though the batch of 3 was not full");
            assertEquals(List.of(1, 2), progress.stream().map(p -> p[0]).toList());
            assertEquals(4, progress.get(0)[1]);

            generator.failAtCall = 3;
            assertThrows(IllegalStateException.class, () -> studio.evals().run(request, EvalFixtures.FAKE,
                    EvalService.RunListener.IGNORE, () -> false));
            assertEquals(3, studio.evals().run(first.run().id()).replyCount(), "the item answered before the failure is kept");

            EvalService.RunOutcome last = studio.evals().run(request, EvalFixtures.FAKE, EvalService.RunListener.IGNORE,
                    () -> false);
            assertTrue(last.resumed());
            assertEquals(first.run().id(), last.run().id());
            assertEquals(4, last.done());
            assertEquals(4, generator.prompts.size(), "no item was answered twice");
            List<ReplyRow> replies = studio.evals().replies(last.run().id());
            List<ItemRow> items = studio.evals().items(last.run().setId());
            assertEquals(items.stream().map(ItemRow::id).toList(), replies.stream().map(ReplyRow::itemId).toList());
            assertEquals(List.of(42L, 43L, 44L, 45L), generator.seeds, "item i samples with seed + i, resumed or not");
            assertEquals("回答1", replies.get(0).reply(), "the first line is kept for scoring");
            assertEquals("回答1\n续写的第二行", replies.get(0).output());
            assertTrue(replies.get(1).prompt().contains("老师:上课别睡觉。\n小明:我没睡！\n老师:那你说说刚才讲了什么？\n小明:"),
                    replies.get(1).prompt());
            assertTrue(replies.get(1).prompt().contains("以下是小明的人设："), "the persona is in the prompt");
            assertEquals(1, studio.evals().runs().size());

            EvalService.RunOutcome other = studio.evals().run(new EvalService.RunRequest("ce", null,
                    Sampling.defaults(), 2, 8), EvalFixtures.FAKE, EvalService.RunListener.IGNORE, () -> false);
            assertFalse(other.resumed(), "another limit is another run");
            assertEquals(2, other.done());
        }
    }

    @Test
    void aModelStoppedWhileReadingThePromptEndsTheRunAsCancelledKeepingWhatWasAnswered() {
        FakeGenerator generator = new FakeGenerator();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        generator.beforeCall = () -> {
            if (generator.prompts.size() == 1) {
                stop.set(true);
                throw new IllegalStateException("generation was cancelled while reading the prompt");
            }
        };
        try (Studio studio = EvalFixtures.studio(dir, generator)) {
            studio.evals().importCharacterEval(EvalFixtures.resource("charactereval"), "ce");
            EvalService.RunOutcome outcome = studio.evals().run(new EvalService.RunRequest("ce", null,
                    Sampling.defaults(), null, 8), EvalFixtures.FAKE, EvalService.RunListener.IGNORE, stop::get);
            assertTrue(outcome.cancelled());
            assertEquals(1, outcome.done());
        }
    }

    @Test
    void exportsCharacterEvalsThreeFilesFieldByField() throws Exception {
        try (Studio studio = EvalFixtures.studio(dir, new FakeGenerator())) {
            studio.evals().importCharacterEval(EvalFixtures.resource("charactereval"), "ce");
            long run = studio.evals().run(new EvalService.RunRequest("ce", null, Sampling.defaults(), null, 8),
                    EvalFixtures.FAKE, EvalService.RunListener.IGNORE, () -> false).run().id();
            List<ItemRow> items = studio.evals().items(studio.evals().run(run).setId());
            List<ScoreRow> scores = new ArrayList<>();
            double value = 1;
            for (ItemRow item : items) {
                for (Metric metric : EvalService.metrics(item)) {
                    scores.add(new ScoreRow(item.id(), "rm:fake@abc", metric.en(), value += 0.25));
                }
            }
            new EvalRepository(studio.database()).putScores(run, scores);
            Path out = dir.resolve("results");

            List<Path> written = studio.evals().export(run, out, null);

            assertEquals(List.of("generation.jsonl", "generation_trans.jsonl", "evaluation.jsonl"),
                    written.stream().map(p -> p.getFileName().toString()).toList());
            JsonNode generation = JSON.readTree(out.resolve("generation.jsonl").toFile());
            assertEquals(4, generation.size());
            JsonNode g = generation.get(1);
            assertEquals(List.of("id", "role", "novel_name", "context", "model_output"), fields(g));
            assertTrue(g.get("id").isIntegralNumber());
            assertEquals(102, g.get("id").asInt());
            assertEquals("小明", g.get("role").asText());
            assertEquals("测试小说", g.get("novel_name").asText());
            assertEquals("老师：上课别睡觉。\n小明：我没睡！\n老师：那你说说刚才讲了什么？", g.get("context").asText());
            assertEquals("回答2\n续写的第二行", g.get("model_output").asText());
            JsonNode trans = JSON.readTree(out.resolve("generation_trans.jsonl").toFile());
            assertEquals(2 + 1 + 3 + 1, trans.size(), "one record per item and metric");
            JsonNode t = trans.get(3);
            assertEquals(List.of("id", "role", "novel_name", "context", "model_output", "metric_en", "metric_zh"), fields(t));
            assertEquals(205, t.get("id").asInt());
            assertEquals("回答3", t.get("model_output").asText(), "first line, as transform_format.py keeps");
            assertEquals("Humanlikeness", t.get("metric_en").asText());
            assertEquals("类人程度", t.get("metric_zh").asText());
            JsonNode evaluation = JSON.readTree(out.resolve("evaluation.jsonl").toFile());
            assertEquals(trans.size(), evaluation.size());
            JsonNode e = evaluation.get(3);
            assertEquals(List.of("id", "role", "novel_name", "context", "model_output", "metric_en", "metric_zh",
                    "Humanlikeness"), fields(e));
            assertEquals(2.0, e.get("Humanlikeness").asDouble(), 1e-12);
            assertTrue(Files.readString(out.resolve("generation.jsonl")).startsWith("[\n    {\n        \"id\""),
                    "an indented JSON array as CharacterEval's scripts write it");
            try (var files = Files.list(out)) {
                assertEquals(3, files.count(), "no temporary file left");
            }
        }
    }

    @Test
    void theReportsMeansIntervalsGroupsAndPairedDifferencesMatchHandComputedValues() {
        try (Studio studio = EvalFixtures.studio(dir, new FakeGenerator())) {
            studio.evals().importCharacterEval(EvalFixtures.resource("charactereval"), "ce");
            EvalService.RunRequest request = new EvalService.RunRequest("ce", null, Sampling.defaults(), null, 8);
            long a = studio.evals().run(request, EvalFixtures.FAKE, EvalService.RunListener.IGNORE, () -> false).run().id();
            long b = studio.evals().run(request, new ModelIdentity("tuned", "ffff0000ffff0000"),
                    EvalService.RunListener.IGNORE, () -> false).run().id();
            List<ItemRow> items = studio.evals().items(studio.evals().run(a).setId());
            EvalRepository repository = new EvalRepository(studio.database());
            double[] fluencyA = {1, 2, 3, 4};
            double[] fluencyB = {2, 2, 5, 5};
            List<ScoreRow> rowsA = new ArrayList<>();
            List<ScoreRow> rowsB = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                rowsA.add(new ScoreRow(items.get(i).id(), "rm:rm@1", "Fluency", fluencyA[i]));
                rowsB.add(new ScoreRow(items.get(i).id(), "rm:rm@1", "Fluency", fluencyB[i]));
            }
            rowsA.add(new ScoreRow(items.get(0).id(), "rm:rm@1", "Coherence", 4));
            rowsA.add(new ScoreRow(items.get(1).id(), "rm:rm@1", "Coherence", 4));
            rowsA.add(new ScoreRow(items.get(2).id(), "rm:rm@1", "Empathy", 3));
            rowsA.add(new ScoreRow(items.get(3).id(), "rm:rm@1", "Empathy", 5));
            repository.putScores(a, rowsA);
            repository.putScores(b, rowsB);
            studio.evals().rate(a, items.get(0).id(), "Fluency", 4);
            studio.evals().rate(a, items.get(1).id(), "Fluency", 2);

            EvalReport report = studio.evals().report(a, b, null);

            assertEquals("rm:rm@1", report.scorer());
            assertEquals(List.of("Fluency", "Coherence", "Empathy"), report.metrics().stream().map(EvalReport.Row::name).toList());
            EvalReport.Row fluency = report.metrics().get(0);
            // mean 2.5, sd sqrt(5/3), t(0.975, 3) = 3.182446: half-width 3.182446 * 1.290994 / 2
            assertEquals(2.5, fluency.first().mean(), 1e-12);
            assertEquals(2.054260, fluency.first().halfWidth(), 1e-5);
            assertEquals(4, fluency.first().count());
            assertEquals(3.5, fluency.second().mean(), 1e-12);
            // differences 1, 0, 2, 1: mean 1, sd sqrt(2/3), t = 2.449490, two-sided p (3 df) = 0.091721
            assertEquals(1.0, fluency.paired().difference().mean(), 1e-12);
            assertEquals(1.299228, fluency.paired().difference().halfWidth(), 1e-5);
            assertEquals(2.449490, fluency.paired().t(), 1e-5);
            assertEquals(0.091721, fluency.paired().p(), 1e-5);
            EvalReport.Row coherence = report.metrics().get(1);
            assertEquals(4.0, coherence.first().mean(), 1e-12);
            assertEquals(0.0, coherence.first().halfWidth(), 1e-12);
            assertEquals(0, coherence.second().count());
            assertEquals(List.of("Conversational ability", "Role-playing attractiveness"),
                    report.groups().stream().map(EvalReport.Row::name).toList());
            assertEquals((2.5 + 4) / 2, report.groups().get(0).first().mean(), 1e-12);
            assertEquals(4.0, report.groups().get(1).first().mean(), 1e-12);
            assertEquals((2.5 + 4 + 4) / 3, report.average().first().mean(), 1e-12);
            EvalReport.Row xiaoming = report.characters().get(0);
            assertEquals("小明", xiaoming.name());
            assertEquals((1 + 2 + 4 + 4) / 4.0, xiaoming.first().mean(), 1e-12);
            assertEquals(4, xiaoming.first().count());
            assertEquals(List.of("length"), report.reference().stream().map(EvalReport.Row::name).toList(),
                    "CharacterEval items have no reference, only the length");
            assertEquals(3.0, report.reference().get(0).first().mean(), 1e-12, "'回答n' is three characters");
            assertEquals(3.0, report.human().get(0).first().mean(), 1e-12);
            assertEquals(2, report.human().get(0).first().count());

            // per item over the metrics both runs scored (Fluency only): 1->2, 2->2, 3->5, 4->5
            assertEquals(List.of("205", "101", "206", "102"), report.changed().stream().map(c -> c.item().key()).toList());
            assertEquals(2.0, report.changed().get(0).difference(), 1e-12);
            assertEquals(3.0, report.changed().get(0).first(), 1e-12);
            assertEquals(0.0, report.changed().get(3).difference(), 1e-12);

            EvalException differentSet = assertThrows(EvalException.class, () -> {
                studio.evals().importCharacterEval(EvalFixtures.resource("charactereval"), "other");
                long c = studio.evals().run(new EvalService.RunRequest("other", null, Sampling.defaults(), null, 8),
                        EvalFixtures.FAKE, EvalService.RunListener.IGNORE, () -> false).run().id();
                studio.evals().report(a, c, null);
            });
            assertTrue(differentSet.getMessage().contains("different sets"), differentSet.getMessage());
        }
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
