package app.characterstudio.ui.characters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.persona.ImportReview;
import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaForm;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/** The characters screen's logic, without any control. */
class CharactersViewModelTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage(); // background import runs a javafx.concurrent.Task
    }

    private PersonaRepository repository() {
        return new PersonaRepository(dir.resolve("characters"));
    }

    private CharactersViewModel model(PersonaRepository repository) {
        return new CharactersViewModel(repository, TaskExecutor.currentThread());
    }

    private static List<String> names(CharactersViewModel model) {
        return model.visiblePersonas().stream().map(Persona::name).toList();
    }

    @Test
    void createsSelectsAndSearches() {
        CharactersViewModel model = model(repository());
        assertTrue(model.create("Mira"));
        assertTrue(model.create("沈青禾"));
        assertFalse(model.create("  "), "an empty name is refused");
        assertEquals("A new character needs a name.", model.messageProperty().get());
        assertEquals("沈青禾", model.selectedProperty().get().name());
        assertEquals(List.of("Mira", "沈青禾"), names(model));
        model.searchProperty().set("青禾");
        assertEquals(List.of("沈青禾"), names(model));
        model.searchProperty().set("mi");
        assertEquals(List.of("Mira"), names(model));
    }

    @Test
    void switchingCharacterSavesTheEdits() {
        PersonaRepository repository = repository();
        CharactersViewModel model = model(repository);
        model.create("Mira");
        model.create("Zed");
        PersonaEditorViewModel editor = model.editor();
        editor.field(PersonaField.PERSONALITY).set("dry and loyal");
        assertTrue(editor.dirtyProperty().get());
        assertTrue(model.select(model.visiblePersonas().get(0)));
        assertEquals("dry and loyal", repository.get("zed").personality());
        assertEquals("Mira", editor.field(PersonaField.NAME).get());
    }

    @Test
    void invalidEditsAreKeptAndBlockSwitching() {
        PersonaRepository repository = repository();
        CharactersViewModel model = model(repository);
        model.create("Mira");
        model.create("Zed");
        model.editor().field(PersonaField.NAME).set(" ");
        assertEquals("A character needs a name.", model.editor().nameErrorProperty().get());
        assertFalse(model.select(model.visiblePersonas().get(0)));
        assertEquals(" ", model.editor().field(PersonaField.NAME).get(), "the typing is still there");
        assertEquals("Zed", repository.get("zed").name(), "nothing invalid was written");
        model.editor().field(PersonaField.NAME).set("Zed Prime");
        assertTrue(model.select(model.visiblePersonas().get(0)));
        assertEquals("Zed Prime", repository.get("zed").name());
    }

    @Test
    void deleteAndUndo() {
        PersonaRepository repository = repository();
        CharactersViewModel model = model(repository);
        model.create("Mira");
        model.create("Zed");
        assertTrue(model.delete());
        assertEquals(List.of("Mira"), names(model));
        assertFalse(repository.exists("zed"));
        assertEquals("Mira", model.selectedProperty().get().name());
        assertTrue(model.undoDelete());
        assertEquals(List.of("Mira", "Zed"), names(model));
        assertTrue(repository.exists("zed"));
        assertNull(model.lastDeletedProperty().get());
    }

    @Test
    void duplicateMakesACopy() {
        CharactersViewModel model = model(repository());
        model.create("Mira");
        model.editor().field(PersonaField.AGE).set("31");
        assertTrue(model.duplicate());
        assertEquals(List.of("Mira", "Mira (copy)"), names(model));
        assertEquals("31", model.editor().field(PersonaField.AGE).get());
    }

    @Test
    void importReportsBadFilesAndSelectsTheFirstImportedOnceTheProfileIsReviewed() throws Exception {
        PersonaRepository repository = repository();
        CharactersViewModel model = model(repository);
        Path good = Files.writeString(dir.resolve("zh.json"), "{\"姓名\":\"阿福\",\"职业\":\"厨师\",\"工作\":\"厨师\"}");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{oops");
        var task = OnFx.call(() -> model.importFiles(List.of(bad, good)));
        assertEquals(List.of(), task.get(), "a profile waits for review");
        OnFx.run(() -> { });
        assertTrue(repository.list().isEmpty(), "nothing is written before the review");
        assertEquals(List.of(
                new CharactersViewModel.ReviewRow("zh.json", "阿福", "姓名", ImportReview.Outcome.FIELD, "姓名 (name)"),
                new CharactersViewModel.ReviewRow("zh.json", "阿福", "职业", ImportReview.Outcome.FIELD, "职业 (occupation)"),
                new CharactersViewModel.ReviewRow("zh.json", "阿福", "工作", ImportReview.Outcome.DUPLICATE,
                        "dropped: already in 职业")), model.review());
        assertEquals(1, model.problems().size());
        assertTrue(model.problems().get(0).contains("bad.json"), model.problems().get(0));
        assertTrue(model.messageProperty().get().startsWith("1 character(s) from profiles wait for your review"),
                model.messageProperty().get());

        var stored = OnFx.call(model::confirmImport);
        assertEquals(List.of("阿福"), stored.get().stream().map(Persona::name).toList());
        OnFx.run(() -> { });
        assertTrue(model.review().isEmpty());
        assertEquals("阿福", model.selectedProperty().get().name());
        assertEquals("厨师", model.editor().field(PersonaField.OCCUPATION).get());
        assertTrue(model.messageProperty().get().contains("Imported 1 reviewed character"), model.messageProperty().get());
    }

    @Test
    void cancellingTheReviewWritesNothing() throws Exception {
        PersonaRepository repository = repository();
        CharactersViewModel model = model(repository);
        Path profile = Files.writeString(dir.resolve("zh.json"), "{\"姓名\":\"阿福\"}");
        OnFx.call(() -> model.importFiles(List.of(profile))).get();
        OnFx.run(() -> { });
        assertEquals(1, model.review().size());
        OnFx.run(model::discardImport);
        assertTrue(model.review().isEmpty());
        assertTrue(repository.list().isEmpty());
        assertEquals("Import cancelled: 1 character(s) from profiles were not imported.", model.messageProperty().get());
    }

    @Test
    void theWindowImportsTheModelsCharacterFileWithItsDialogues() throws Exception {
        for (String name : List.of("xiaodeng.json", "xiaodeng.csv")) {
            try (var in = getClass().getResourceAsStream("/index-character/" + name)) {
                Files.write(dir.resolve(name), in.readAllBytes());
            }
        }
        try (Studio studio = Studio.open(Workspace.open(dir.resolve("ws")))) {
            CharactersViewModel model = new CharactersViewModel(studio.personas(), studio.characterImport(),
                    TaskExecutor.currentThread());
            var task = OnFx.call(() -> model.importFiles(List.of(dir.resolve("xiaodeng.json"))));
            assertEquals(List.of("小灯"), task.get().stream().map(Persona::name).toList());
            OnFx.run(() -> { });
            assertEquals(PersonaForm.TEXT, model.editor().formProperty().get());
            assertTrue(model.editor().previewProperty().get().startsWith("以下是小灯的人设：\n姓名：小灯性别：女"));
            assertTrue(model.messageProperty().get().contains("with their dialogues: xiaodeng.json (12 scenes, 29 lines)"),
                    model.messageProperty().get());
            assertEquals(1, studio.scripts().sources().size());
        }
        CharactersViewModel withoutScripts = model(repository());
        var refused = OnFx.call(() -> withoutScripts.importFiles(List.of(dir.resolve("xiaodeng.json"))));
        assertEquals(List.of(), refused.get());
        OnFx.run(() -> { });
        assertTrue(withoutScripts.problems().get(0).contains("script library"), withoutScripts.problems().toString());
    }

    @Test
    void unreadableFolderIsListedAsAProblemNotAFailure() throws Exception {
        PersonaRepository repository = repository();
        repository.create("Mira");
        Files.createDirectories(dir.resolve("characters/broken"));
        Files.writeString(dir.resolve("characters/broken/persona.json"), "not json");
        CharactersViewModel model = model(repository);
        assertEquals(List.of("Mira"), names(model));
        assertEquals(1, model.problems().size());
    }

    @Test
    void aCancelledImportWritesNothingMoreAndSaysSo() throws Exception {
        PersonaRepository repository = repository();
        List<javafx.concurrent.Task<?>> queued = new java.util.ArrayList<>();
        CharactersViewModel model = new CharactersViewModel(repository, queued::add);
        Path good = Files.writeString(dir.resolve("zh.json"), "{\"姓名\":\"阿福\"}");
        OnFx.run(() -> model.importFiles(List.of(good)));
        assertTrue(model.importingProperty().get());
        assertEquals(1, queued.size());
        OnFx.run(model::cancelImport);
        OnFx.run(() -> { });
        assertFalse(model.importingProperty().get());
        assertTrue(model.messageProperty().get().startsWith("Import cancelled"), model.messageProperty().get());
        assertTrue(repository.list().isEmpty());
    }
}
