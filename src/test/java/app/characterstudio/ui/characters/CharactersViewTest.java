package app.characterstudio.ui.characters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.ui.MainWindow;
import app.characterstudio.ui.OnFx;
import app.characterstudio.ui.Screenshots;
import app.characterstudio.ui.StudioAppAccess;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The characters screen in a real window: create, edit, save, reload; import; delete and undo; screenshots. */
@ExtendWith(ApplicationExtension.class)
class CharactersViewTest {
    @TempDir
    Path workspaceDir;

    private MainWindow window;
    private CharactersView view;

    @Start
    void start(Stage stage) throws Exception {
        Path characters = Files.createDirectories(workspaceDir.resolve("characters"));
        for (String sample : List.of("lin-zhixia", "hollis-quill")) {
            Files.createDirectories(characters.resolve(sample));
            Files.copy(Path.of("characters", sample, "persona.json"), characters.resolve(sample).resolve("persona.json"));
        }
        window = new MainWindow(Studio.open(Workspace.open(workspaceDir)), TaskExecutor.currentThread());
        view = (CharactersView) window.views().get(0);
        StudioAppAccess.show(stage, window);
    }

    private PersonaRepository repository() {
        return new PersonaRepository(workspaceDir.resolve("characters"));
    }

    private static <T extends Node> T find(FxRobot robot, String id) {
        return robot.lookup(id).query();
    }

    @Test
    void createEditSaveAndReloadInANewViewModel(FxRobot robot) {
        robot.clickOn("#new-character-name").write("Ada Byron");
        robot.clickOn("#create-character");
        assertEquals("Ada Byron", view.model().selectedProperty().get().name());
        robot.clickOn("#field-occupation").write("mathematician");
        robot.clickOn("#field-height").write("165 cm");
        assertTrue(find(robot, "#unsaved-marker").isVisible(), "unsaved marker shows while edits are pending");
        robot.press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(find(robot, "#unsaved-marker").isVisible(), "Ctrl+S saved: " + view.model().editor().statusProperty().get());
        Persona saved = repository().get("ada-byron");
        assertEquals("mathematician", saved.occupation());
        assertEquals("165 cm", saved.height());
        assertTrue(((TextArea) find(robot, "#persona-preview")).getText().contains("职业：mathematician"));

        CharactersViewModel reopened = OnFx.call(() -> new CharactersViewModel(repository(), TaskExecutor.currentThread()));
        Persona ada = reopened.visiblePersonas().stream().filter(p -> p.id().equals("ada-byron")).findFirst().orElseThrow();
        assertTrue(OnFx.call(() -> reopened.select(ada)));
        assertEquals("mathematician", reopened.editor().field(PersonaField.OCCUPATION).get());
        assertEquals("165 cm", reopened.editor().field(PersonaField.HEIGHT).get());
    }

    @Test
    void typingIsAutosavedAndAnEmptyNameIsShownInline(FxRobot robot) throws Exception {
        robot.clickOn("#field-age").press(KeyCode.END).release(KeyCode.END).write(" and a half");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !view.model().editor().dirtyProperty().get());
        String id = view.model().selectedProperty().get().id();
        assertTrue(repository().get(id).age().endsWith(" and a half"), repository().get(id).age());

        OnFx.run(() -> view.model().editor().field(PersonaField.NAME).set(""));
        Label error = find(robot, "#name-error");
        assertTrue(error.isVisible());
        assertEquals("A character needs a name.", error.getText());
        assertFalse(repository().get(id).name().isEmpty(), "an invalid sheet is not written");
        OnFx.run(() -> view.model().editor().discard());
    }

    @Test
    void importThroughTheViewModelShowsTheNewCharacter(FxRobot robot) throws Exception {
        Path card = workspaceDir.resolve("card.json");
        Files.writeString(card, "{\"spec\":\"chara_card_v2\",\"spec_version\":\"2.0\",\"data\":{\"name\":\"Imported Ivy\","
                + "\"description\":\"A botanist.\",\"extensions\":{\"x\":1}}}");
        OnFx.call(() -> view.model().importFiles(List.of(card)));
        WaitForAsyncUtils.waitForFxEvents();
        ListView<Persona> list = find(robot, "#character-list");
        assertTrue(list.getItems().stream().anyMatch(p -> p.name().equals("Imported Ivy")));
        assertEquals("Imported Ivy", list.getSelectionModel().getSelectedItem().name());
        assertEquals("A botanist.", view.model().editor().field(PersonaField.BIOGRAPHY).get());
    }

    @Test
    void aProfileImportShowsAReviewOfEveryKeyBeforeAnythingIsWritten(FxRobot robot) throws Exception {
        Path profile = workspaceDir.resolve("xiao.json");
        Files.writeString(profile, "{\"姓名\":\"萧炎\",\"名字\":\"萧炎\",\"外号\":[\"炎帝\"],"
                + "\"关键事件\":{\"事件\":\"获得雷灵珠\",\"经过\":\"在雷泽深处击败守护兽\"}}");
        OnFx.call(() -> view.model().importFiles(List.of(profile)));
        WaitForAsyncUtils.waitForFxEvents();
        Node review = find(robot, "#import-review");
        assertTrue(review.isVisible(), "the review step shows");
        javafx.scene.control.TableView<?> table = find(robot, "#import-review-table");
        assertEquals(4, table.getItems().size());
        assertEquals(new CharactersViewModel.ReviewRow("xiao.json", "萧炎", "关键事件",
                app.characterstudio.persona.ImportReview.Outcome.EXTRA,
                "extra field 关键事件 (nested values written as text)"), table.getItems().get(3));
        assertFalse(Files.exists(workspaceDir.resolve("characters/萧炎")), "nothing written before Import");
        for (double[] size : new double[][] {{1600, 1000}, {1280, 720}}) {
            OnFx.run(() -> {
                review.getScene().getWindow().setWidth(size[0]);
                review.getScene().getWindow().setHeight(size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            OnFx.call(() -> Screenshots.save(window.root().getScene(),
                    "characters-import-review-" + (int) size[0] + "x" + (int) size[1]));
        }

        robot.clickOn("#import-review-confirm");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(review.isVisible());
        assertEquals("萧炎", view.model().selectedProperty().get().name());
        String preview = ((TextArea) find(robot, "#persona-preview")).getText();
        assertTrue(preview.contains("关键事件：获得雷灵珠——在雷泽深处击败守护兽"), preview);
        assertEquals(1, preview.split("萧炎", -1).length - 2, "the name once in the lines (and once in the header): "
                + preview);
    }

    @Test
    void theCardSectionOpensAndItsFieldsAreSavedToTheFile(FxRobot robot) throws Exception {
        Path card = workspaceDir.resolve("card-v2.json");
        try (java.io.InputStream in = getClass().getResourceAsStream("/persona/card-v2.json")) {
            Files.write(card, in.readAllBytes());
        }
        OnFx.call(() -> view.model().importFiles(List.of(card)));
        WaitForAsyncUtils.waitForFxEvents();
        Persona imported = view.model().selectedProperty().get();
        assertEquals("Captain Mira Vale", imported.name());
        javafx.scene.control.TitledPane section = find(robot, "#card-section");
        assertFalse(section.isExpanded(), "the card section starts folded");
        Node title = section.lookup(".title");
        app.characterstudio.ui.ScrollIntoView.scroll(robot, ".editor-scroll", title);
        Path folded = OnFx.call(() -> Screenshots.save(window.root().getScene(), "persona-editor-card-folded"));
        robot.clickOn(title);
        assertTrue(section.isExpanded());
        assertEquals("Engine room. Now.", ((TextArea) find(robot, "#greeting-1")).getText());
        assertTrue(((Label) find(robot, "#kept-card-keys")).getText().contains("character_book, extensions"));

        TextArea scenario = find(robot, "#field-scenario");
        app.characterstudio.ui.ScrollIntoView.scroll(robot, ".editor-scroll", scenario);
        robot.clickOn(scenario).press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
                .write("A storm hits the belt.");
        robot.clickOn("#field-first-message").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
                .write("Hold on to something.");
        assertTrue(find(robot, "#unsaved-marker").isVisible(), "a card field edit is an unsaved change");
        Path shot = OnFx.call(() -> Screenshots.save(window.root().getScene(), "persona-editor-card-section"));
        robot.press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(find(robot, "#unsaved-marker").isVisible(), "Ctrl+S saved: " + view.model().editor().statusProperty().get());

        com.fasterxml.jackson.databind.JsonNode onDisk = app.characterstudio.persona.PersonaJson.mapper().readTree(
                workspaceDir.resolve("characters").resolve(imported.id()).resolve(PersonaRepository.FILE_NAME).toFile());
        assertEquals("A storm hits the belt.", onDisk.path("card").path("scenario").asText());
        assertEquals("Hold on to something.", onDisk.path("card").path("first_mes").asText());
        assertEquals(imported.card().get("character_book"), onDisk.path("card").get("character_book"));
        assertEquals(imported.card().get("extensions"), onDisk.path("card").get("extensions"));
        Screenshots.assertDrawn(shot, folded);
    }

    @Test
    void deleteWithUndo(FxRobot robot) {
        ListView<Persona> list = find(robot, "#character-list");
        int before = list.getItems().size();
        robot.clickOn("#delete-character");
        assertEquals(before - 1, list.getItems().size());
        robot.clickOn("#undo-delete");
        assertEquals(before, list.getItems().size());
        robot.clickOn("#character-search").write("hollis");
        assertEquals(1, list.getItems().size());
    }

    @Test
    void aSearchThatMatchesNothingSaysNoMatchNotNoCharacters(FxRobot robot) {
        ListView<Persona> list = find(robot, "#character-list");
        int all = list.getItems().size();
        robot.clickOn("#character-search").write("zzz-nobody");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, list.getItems().size());
        javafx.scene.control.Label empty = (javafx.scene.control.Label) list.getPlaceholder();
        assertEquals("No match for \u201czzz-nobody\u201d\namong " + all + " characters.", empty.getText());
        Screenshots.assertDrawn(OnFx.call(() -> Screenshots.save(window.root().getScene(), "characters-no-match")));
        OnFx.run(() -> view.model().searchProperty().set(""));
        assertEquals(all, list.getItems().size());
    }

    @Test
    void screenshotsOfTheListAndTheEditor(FxRobot robot) throws Exception {
        ListView<Persona> list = find(robot, "#character-list");
        Persona lin = list.getItems().stream().filter(p -> p.id().equals("lin-zhixia")).findFirst().orElseThrow();
        OnFx.run(() -> list.getSelectionModel().select(lin));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("林知夏", view.model().editor().field(PersonaField.NAME).get());
        Path listShot = OnFx.call(() -> Screenshots.save(window.root().getScene(), "characters-list"));
        robot.clickOn("#field-personality");
        OnFx.run(() -> view.model().editor().field(PersonaField.NAME).set(""));
        Path editorShot = OnFx.call(() -> Screenshots.save(window.root().getScene(), "persona-editor"));
        OnFx.run(() -> view.model().editor().discard());
        Screenshots.assertDrawn(listShot, editorShot);
    }

    @Test
    void theEditorShowsWhetherThePromptUsesTheFieldsOrTheFreeTextAndSwitchingKeepsBoth(FxRobot robot) {
        Persona lin = view.model().visiblePersonas().stream().filter(p -> p.id().equals("lin-zhixia")).findFirst()
                .orElseThrow();
        OnFx.run(() -> view.model().select(lin));
        javafx.scene.control.RadioButton fields = find(robot, "#form-fields");
        javafx.scene.control.RadioButton text = find(robot, "#form-text");
        assertTrue(fields.isSelected());
        assertTrue(((Label) find(robot, "#form-description")).getText().contains("made of the fields"));
        OnFx.run(() -> text.fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(((Label) find(robot, "#form-description")).getText().contains("persona text below, verbatim"));
        TextArea personaText = find(robot, "#field-persona-text");
        assertTrue(personaText.getText().startsWith("姓名：林知夏"), "free text starts from the fields: " + personaText.getText());
        OnFx.run(() -> personaText.setText("林知夏，深夜电台主持人，声音很轻。"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("以下是林知夏的人设：\n林知夏，深夜电台主持人，声音很轻。\n",
                ((TextArea) find(robot, "#persona-preview")).getText());
        OnFx.run(() -> fields.fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(((TextArea) find(robot, "#persona-preview")).getText().startsWith("以下是林知夏的人设：\n姓名：林知夏\n"));
        assertEquals("林知夏，深夜电台主持人，声音很轻。", personaText.getText(), "switching keeps the text");
    }
}
