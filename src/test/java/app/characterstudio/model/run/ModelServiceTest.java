package app.characterstudio.model.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.OfflineMode;
import app.characterstudio.model.Fixtures;
import app.characterstudio.model.ModelLoadException;
import app.characterstudio.model.WeightFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelServiceTest {
    private static final String PROMPT = "请你扮演“小明”与用户“user”进行对话。\nuser:你好！\n小明:";

    @TempDir
    Path models;

    @BeforeAll
    static void offline() {
        OfflineMode.enforce();
    }

    @Test
    void listsModelFoldersLoadsOneAndStreamsRealTokenizerText() throws Exception {
        Fixtures.copy(Fixtures.tinyIndex(), models);
        Files.createDirectories(models.resolve("not-a-model"));
        try (ModelService service = new ModelService(models)) {
            assertEquals(List.of(models.resolve("tiny-index")), service.folders());
            List<Long> progress = new ArrayList<>();
            LoadedModel loaded = service.load(models.resolve("tiny-index"), LoadOptions.DEFAULTS,
                    (done, total, what) -> progress.add(done), Cancellation.NEVER);
            assertTrue(service.current().isPresent());
            assertEquals("cpu", loaded.device().label());
            // auto: fp32 for a model this small on any CPU (PrecisionChoice)
            Precision auto = Precision.FP32;
            assertEquals(auto, loaded.precision());
            assertTrue(loaded.precisionReason().startsWith("auto: "), loaded.precisionReason());
            assertEquals(WeightFormat.SAFETENSORS, loaded.format());
            assertTrue(loaded.parameterCount() > 0);
            assertEquals(loaded.parameterCount() * auto.bytes(), loaded.weightBytes());
            assertFalse(progress.isEmpty());
            assertEquals(24, loaded.tokenizer().encode(PROMPT).length);

            StringBuilder[] streamed = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
            GenerationListener listener = new GenerationListener() {
                @Override
                public void onText(int candidate, String delta) {
                    streamed[candidate].append(delta);
                }
            };
            SamplingParams params = SamplingParams.DEFAULTS.withTemperature(1.3f).withTopK(0).withTopP(1f)
                    .withSeed(11L).withMaxNewTokens(40);
            List<Completion> completions = loaded.generator().generate(PROMPT, params, 3, listener, Cancellation.NEVER);
            SentencePieceCodec codec = (SentencePieceCodec) loaded.tokenizer();
            for (Completion c : completions) {
                assertEquals(c.text(), streamed[c.index()].toString());
                if (c.finishReason() != FinishReason.STOP) {
                    int[] ids = c.tokenIds();
                    int length = ids.length > 0 && ids[ids.length - 1] == codec.endOfTextId() ? ids.length - 1 : ids.length;
                    assertEquals(codec.tokenizer().decode(java.util.Arrays.copyOf(ids, length)), c.text());
                }
            }
            service.unload();
            assertTrue(service.current().isEmpty());
        }
    }

    @Test
    void theBinLoadsToTheSameGreedyReplyAsSafetensors() {
        Fixtures.copy(Fixtures.tinyIndex(), models);
        SamplingParams greedy = SamplingParams.DEFAULTS.withGreedy(true).withMaxNewTokens(12);
        try (LoadedModel st = ModelService.open(models.resolve("tiny-index"), LoadOptions.DEFAULTS, LoadProgress.IGNORE,
                Cancellation.NEVER);
             LoadedModel bin = ModelService.open(models.resolve("tiny-index"),
                     new LoadOptions("cpu", Precision.FP32, WeightFormat.TORCH_BIN), LoadProgress.IGNORE,
                     Cancellation.NEVER)) {
            Completion a = st.generator().generate(PROMPT, greedy, 1, GenerationListener.IGNORE, Cancellation.NEVER).get(0);
            Completion b = bin.generator().generate(PROMPT, greedy, 1, GenerationListener.IGNORE, Cancellation.NEVER).get(0);
            assertEquals(java.util.Arrays.toString(a.tokenIds()), java.util.Arrays.toString(b.tokenIds()));
            assertEquals(a.text(), b.text());
        }
    }

    @Test
    void aFailedOrCancelledLoadKeepsTheModelThatWasWorking() throws Exception {
        Path good = Fixtures.copy(Fixtures.tinyIndex(), models);
        Path broken = Files.createDirectories(models.resolve("broken"));
        for (String name : List.of("config.json", "model.safetensors")) {
            Files.copy(good.resolve(name), broken.resolve(name));
        }
        SamplingParams greedy = SamplingParams.DEFAULTS.withGreedy(true).withMaxNewTokens(6);
        try (ModelService service = new ModelService(models)) {
            LoadedModel working = service.load(good, LoadOptions.DEFAULTS, LoadProgress.IGNORE, Cancellation.NEVER);
            String before = working.generator().generate(PROMPT, greedy, 1, GenerationListener.IGNORE,
                    Cancellation.NEVER).get(0).text();

            assertThrows(ModelLoadException.class, () -> service.load(broken, LoadOptions.DEFAULTS,
                    LoadProgress.IGNORE, Cancellation.NEVER));
            assertTrue(service.current().isPresent(), "a failed load leaves the working model loaded");
            assertTrue(service.current().get() == working);
            CancellationFlag cancel = new CancellationFlag();
            cancel.cancel();
            assertThrows(LoadCancelledException.class, () -> service.load(good, LoadOptions.DEFAULTS,
                    LoadProgress.IGNORE, cancel));
            assertTrue(service.current().get() == working, "so does a cancelled one");
            assertEquals(before, working.generator().generate(PROMPT, greedy, 1, GenerationListener.IGNORE,
                    Cancellation.NEVER).get(0).text(), "and it still generates");

            LoadedModel next = service.load(good, LoadOptions.DEFAULTS, LoadProgress.IGNORE, Cancellation.NEVER);
            assertTrue(service.current().get() == next, "a load that succeeds replaces it");
        }
    }

    @Test
    void loadErrorsAreNamedAndLeaveNothingLoaded() throws Exception {
        Path broken = Fixtures.copy(Fixtures.tinyIndex(), models);
        Files.delete(broken.resolve("tokenizer.model"));
        try (ModelService service = new ModelService(models)) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> service.load(broken,
                    LoadOptions.DEFAULTS, LoadProgress.IGNORE, Cancellation.NEVER));
            assertTrue(e.getMessage().contains("tokenizer.model"), e.getMessage());
            assertTrue(service.current().isEmpty());
            CancellationFlag cancel = new CancellationFlag();
            cancel.cancel();
            Path bf16 = Fixtures.copy(Fixtures.tinyIndexBf16(), models);
            Files.copy(Fixtures.tinyIndex().resolve("tokenizer.model"), bf16.resolve("tokenizer.model"));
            assertThrows(LoadCancelledException.class, () -> service.load(bf16, LoadOptions.DEFAULTS,
                    LoadProgress.IGNORE, cancel));
            assertTrue(service.current().isEmpty());
            assertThrows(ModelLoadException.class, () -> service.load(models.resolve("none"), LoadOptions.DEFAULTS,
                    LoadProgress.IGNORE, Cancellation.NEVER));
        }
    }
    @Test
    void unloadingDuringAGenerationFreesTheModelOnlyWhenTheGenerationEnds() throws Exception {
        Fixtures.copy(Fixtures.tinyIndex(), models);
        try (ModelService service = new ModelService(models)) {
            service.load(models.resolve("tiny-index"), LoadOptions.DEFAULTS, LoadProgress.IGNORE, Cancellation.NEVER);
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch goOn = new java.util.concurrent.CountDownLatch(1);
            GenerationListener pausing = new GenerationListener() {
                @Override
                public void onToken(int candidate, int tokenId, TokenLogprobs logprobs) {
                    if (started.getCount() > 0) {
                        started.countDown();
                        try {
                            goOn.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            };
            SamplingParams params = SamplingParams.DEFAULTS.withGreedy(true).withRepetitionPenalty(1f)
                    .withStops(List.of(), false).withMaxNewTokens(12);
            java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.Future<List<Completion>> generation = thread.submit(() -> {
                    try (ModelService.Lease lease = service.lease().orElseThrow()) {
                        return lease.model().generator().generate(PROMPT, params, 2, pausing, Cancellation.NEVER);
                    }
                });
                assertTrue(started.await(30, java.util.concurrent.TimeUnit.SECONDS), "the generation started");
                LoadedModel model = service.current().orElseThrow();

                service.unload(); // Eject, mid-generation: returns at once
                assertTrue(service.current().isEmpty());
                assertTrue(service.lease().isEmpty(), "no new work starts on an ejected model");
                assertFalse(model.isClosed(), "not freed under the running generation");

                goOn.countDown();
                List<Completion> done = generation.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(2, done.size());
                assertEquals(12, done.get(0).tokenIds().length, "the generation ran to its end");
                assertTrue(model.isClosed(), "freed when the generation let go");
            } finally {
                goOn.countDown();
                thread.shutdownNow();
            }
        }
    }
}
