package app.characterstudio.ui.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.OfflineMode;
import app.characterstudio.model.Fixtures;
import app.characterstudio.model.run.ModelService;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.kit.TaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelViewModelTest {
    private static final String PROMPT = "请你扮演“小明”与用户“user”进行对话。\nuser:你好！\n小明:";

    @TempDir
    Path models;

    @BeforeAll
    static void toolkit() {
        OfflineMode.enforce();
        try {
            Platform.startup(() -> { });
        } catch (IllegalStateException alreadyRunning) {
            // started by another test class
        }
    }

    private ModelViewModel viewModel(ModelService service) {
        return OnFx.call(() -> new ModelViewModel(service, TaskExecutor.currentThread(), Runnable::run));
    }

    @Test
    void loadsTheSelectedFolderAndGeneratesStreamingCandidatesWithProbabilities() {
        Fixtures.copy(Fixtures.tinyIndex(), models);
        try (ModelService service = new ModelService(models)) {
            ModelViewModel vm = viewModel(service);
            assertEquals(1, vm.folders.size());
            assertEquals(models.resolve("tiny-index"), vm.selectedFolder.get());
            OnFx.run(vm::generate);
            assertEquals("Load a model before generating.", vm.generationError.get());
            OnFx.run(vm::load);
            settle(vm);
            assertEquals("", vm.generationError.get(), "the load that worked clears the playground's error");
            assertTrue(vm.loaded.get(), vm.error.get());
            assertFalse(vm.loading.get());
            assertTrue(vm.modelSummary.get().contains("Device: cpu"), vm.modelSummary.get());
            // the dtype switch on auto: the tiny model is below the size where int8 or bf16 pay, with the reason
            assertTrue(vm.modelSummary.get().matches("(?s).*Dtype: fp32 — auto: .*small model.*"),
                    vm.modelSummary.get());
            assertEquals(1.0, vm.loadProgress.get(), 1e-9);

            OnFx.run(() -> {
                vm.prompt.set(PROMPT);
                vm.candidates.set("2");
                vm.seed.set("4");
                vm.maxNewTokens.set("12");
                vm.generate();
            });
            settle(vm);
            assertEquals("", vm.error.get());
            assertFalse(vm.generating.get());
            assertEquals(2, vm.outputs.size());
            for (CandidateOutput output : vm.outputs) {
                assertFalse(output.tokens().isEmpty());
                assertEquals(ModelViewModel.SHOWN_ALTERNATIVES, output.tokens().get(0).top().size());
                assertFalse(output.statusProperty().get().contains("generating"));
            }
            assertTrue(vm.generationStatus.get().contains("tokens/s"), vm.generationStatus.get());
        }
    }

    @Test
    void badSettingsAndLoadErrorsAreShownInPlainWords() throws Exception {
        Path broken = Fixtures.copy(Fixtures.tinyIndex(), models);
        Files.delete(broken.resolve("model.safetensors"));
        Files.delete(broken.resolve("pytorch_model.bin"));
        try (ModelService service = new ModelService(models)) {
            ModelViewModel vm = viewModel(service);
            OnFx.run(vm::generate);
            assertEquals("Load a model before generating.", vm.generationError.get(), "beside the prompt");
            assertEquals("", vm.error.get(), "not at the load");
            OnFx.run(vm::load);
            settle(vm);
            assertFalse(vm.loaded.get());
            assertTrue(vm.error.get().contains("no weights"), vm.error.get());
            vm.topP.set("abc");
            IllegalArgumentHolder holder = new IllegalArgumentHolder();
            try {
                vm.sampling();
            } catch (IllegalArgumentException e) {
                holder.message = e.getMessage();
            }
            assertTrue(holder.message.contains("top-p"), holder.message);
        }
    }

    @Test
    void aFailedLoadKeepsShowingTheModelThatStillWorks() throws Exception {
        Path good = Fixtures.copy(Fixtures.tinyIndex(), models);
        Path broken = Files.createDirectories(models.resolve("broken"));
        Files.copy(good.resolve("config.json"), broken.resolve("config.json"));
        try (ModelService service = new ModelService(models)) {
            ModelViewModel vm = viewModel(service);
            OnFx.run(() -> vm.choose(good));
            OnFx.run(vm::load);
            settle(vm);
            assertTrue(vm.loaded.get(), vm.error.get());
            String summary = vm.modelSummary.get();

            OnFx.run(() -> vm.choose(broken));
            OnFx.run(vm::load);
            settle(vm);
            assertTrue(vm.loaded.get(), "the working model is still loaded");
            assertEquals(summary, vm.modelSummary.get());
            assertTrue(vm.error.get().endsWith("tiny-index is still loaded."), vm.error.get());
            assertTrue(service.current().isPresent());
        }
    }

    @Test
    void aChosenFolderOutsideModelsIsOfferedToo() {
        try (ModelService service = new ModelService(models)) {
            ModelViewModel vm = viewModel(service);
            assertTrue(vm.folders.isEmpty());
            OnFx.run(() -> vm.choose(Fixtures.tinyIndex()));
            assertEquals(Fixtures.tinyIndex(), vm.selectedFolder.get());
            OnFx.run(vm::load);
            settle(vm);
            assertTrue(vm.loaded.get(), vm.error.get());
            OnFx.run(vm::unload);
            assertFalse(vm.loaded.get());
        }
    }

    /** Lets the tasks' completion handlers run on the JavaFX thread. */
    static void settle(ModelViewModel vm) {
        for (int i = 0; i < 600 && (vm.loading.get() || vm.generating.get()); i++) {
            org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
            org.testfx.util.WaitForAsyncUtils.sleep(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    }

    private static final class IllegalArgumentHolder {
        String message = "";
    }
}
