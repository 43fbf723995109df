package app.characterstudio.ui.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.persona.Persona;
import app.characterstudio.script.ImportProgress;
import app.characterstudio.script.ScriptEncoding;
import app.characterstudio.script.SimilarDialogues;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Scripts screen's view models, without any window. */
class ScriptViewModelsTest {
    @TempDir
    Path dir;
    private Studio studio;
    private Path fixture;

    @BeforeEach
    void open() throws IOException {
        studio = Studio.open(Workspace.open(dir.resolve("ws")));
        fixture = dir.resolve("二二三三.txt");
        try (InputStream in = getClass().getResourceAsStream("/script/retrieval.txt")) {
            Files.write(fixture, in.readAllBytes());
        }
    }

    @AfterEach
    void close() {
        studio.close();
    }

    @Test
    void importWizardPreviewsImportsAndLinksSpeakers() throws IOException {
        ScriptImportViewModel model = new ScriptImportViewModel(studio.scripts(), studio.personas());
        Path csv = dir.resolve("lines.csv");
        Files.write(csv, "who,what\n张三,你好\n李四,再见\n".getBytes(Charset.forName("GB18030")));
        model.addFiles(List.of(csv));
        assertEquals(List.of("who", "what"), model.columns());
        assertFalse(model.errorProperty().get().isEmpty(), "no speaker/text header names: columns must be chosen");
        model.speakerColumnProperty().set("who");
        model.textColumnProperty().set("what");
        model.refreshPreview();
        assertEquals("", model.errorProperty().get());
        assertEquals(2, model.preview().size());
        assertTrue(model.previewSummaryProperty().get().contains("GB18030"), model.previewSummaryProperty().get());
        model.encodingProperty().set(ScriptEncoding.UTF_8);
        model.refreshPreview();
        assertTrue(model.errorProperty().get().contains("not valid UTF-8"), model.errorProperty().get());

        model.clearFiles();
        model.addFiles(List.of(fixture));
        assertTrue(model.previewSummaryProperty().get().contains("6 scenes"), model.previewSummaryProperty().get());
        model.sceneRegexProperty().set("^第[14]场");
        model.refreshPreview();
        assertTrue(model.previewSummaryProperty().get().contains("2 scenes"), model.previewSummaryProperty().get());
        model.sceneRegexProperty().set("(");
        model.refreshPreview();
        assertTrue(model.errorProperty().get().contains("not a valid regular expression"), model.errorProperty().get());
        model.sceneRegexProperty().set("");
        model.clearFiles();
        model.speakerColumnProperty().set("");
        model.textColumnProperty().set("");
        model.encodingProperty().set(ScriptEncoding.AUTO);
        model.addFiles(List.of(fixture));
        model.imported(model.importNow(ImportProgress.NONE));
        assertTrue(model.statusProperty().get().contains("24 exchanges added"), model.statusProperty().get());
        assertTrue(model.files().isEmpty());
        assertEquals(3, model.speakers().size());
        assertEquals(3, model.unlinkedCount());

        studio.personas().save(Persona.named("sansan", "三三博士"));
        model.refresh();
        model.link("三三", model.personaChoices().get(0));
        assertEquals("sansan", model.speakers().get(0).personaId());
        assertEquals(List.of("三三博士", "三三"), studio.personas().find("sansan").orElseThrow().scriptNames());

        model.remove(model.sources().get(0));
        assertTrue(model.sources().isEmpty());
        assertTrue(model.speakers().isEmpty());
    }

    @Test
    void cancelledImportKeepsNothing() {
        ScriptImportViewModel model = new ScriptImportViewModel(studio.scripts(), studio.personas());
        model.addFiles(List.of(fixture));
        model.cancel();
        ImportProgress cancelled = new ImportProgress() {
            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        model.imported(model.importNow(cancelled));
        assertTrue(model.errorProperty().get().contains("cancelled"), model.errorProperty().get());
        assertTrue(model.sources().isEmpty());
        assertEquals(List.of(fixture), model.files(), "the file stays chosen, to import again");
    }

    @Test
    void aBadFileAmongSeveralIsShownWithItsReasonAndTheOthersAreImported() throws IOException {
        ScriptImportViewModel model = new ScriptImportViewModel(studio.scripts(), studio.personas());
        Path bad = Files.writeString(dir.resolve("broken.json"), "{\"lines\": [oops");
        Path last = Files.writeString(dir.resolve("last.txt"), "三三：最后一场。\n二二：好。\n");
        model.addFiles(List.of(fixture, bad, last));

        model.imported(model.importNow(ImportProgress.NONE));

        assertTrue(model.statusProperty().get().contains("24 exchanges added"), model.statusProperty().get());
        assertTrue(model.statusProperty().get().contains("last.txt: 1 scenes, 2 lines"), model.statusProperty().get());
        assertTrue(model.statusProperty().get().contains("2 of 3 files imported"), model.statusProperty().get());
        assertTrue(model.errorProperty().get().contains("broken.json"), model.errorProperty().get());
        assertEquals(List.of(bad), model.files(), "only the file that was not imported stays chosen");
        assertEquals(2, model.sources().size());
    }

    @Test
    void browserShowsWholeScenesOfTheCharacterFilteredByText() {
        studio.scripts().importFiles(List.of(fixture), app.characterstudio.script.ImportOptions.defaults(),
                ImportProgress.NONE);
        ScriptBrowserViewModel model = new ScriptBrowserViewModel(studio.scripts(), studio.personas());
        model.refreshCharacters();
        assertEquals("三三", model.characterProperty().get().name());
        model.search();
        assertEquals(6, model.scenes().size());
        assertEquals("6 scenes, 12 lines of 三三", model.summaryProperty().get());
        model.filterProperty().set("年轮");
        model.search();
        assertEquals(1, model.scenes().size());
        assertEquals(2, model.scenes().get(0).number());
        assertEquals(4, model.scenes().get(0).lines().size());
    }

    @Test
    void retrievalShowsRankedExchangesAndThePreparedSimilarDialogues() {
        studio.scripts().importFiles(List.of(fixture), app.characterstudio.script.ImportOptions.defaults(),
                ImportProgress.NONE);
        RetrievalViewModel model = new RetrievalViewModel(studio.scripts(), studio.personas());
        model.refreshCharacters();
        model.conversationProperty().set("user：我们在野外迷路了，怎么判断南北方向？");
        model.search();
        assertEquals("看树的年轮和太阳的位置就能判断南北。", model.results().get(0).reply().text());
        String prepared = model.preparedProperty().get();
        assertTrue(prepared.startsWith("二二：在野外迷路，我们首先要确定的是当前时间和南北方向。\n三三：看树的年轮"), prepared);
        model.budgetProperty().set(60);
        model.search();
        assertFalse(model.preparedProperty().get().contains(SimilarDialogues.SEPARATOR));
        assertTrue(model.summaryProperty().get().contains("1 fit the budget"), model.summaryProperty().get());
        model.conversationProperty().set(" ");
        model.search();
        assertTrue(model.results().isEmpty());
    }
}
