package app.characterstudio.ui.characters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaForm;
import app.characterstudio.persona.PersonaRenderer;
import app.characterstudio.persona.PersonaRepository;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonaEditorViewModelTest {
    @TempDir
    Path dir;

    private static Persona full() {
        return Persona.builder("shen", "沈青禾").gender("女").age("24岁").height("165cm")
                .nicknames(List.of("青青", "禾姐")).selfReference("我").occupation("古籍修复师").personality("温和")
                .biography("在博物馆修复古籍。")
                .relationships(List.of(new Persona.Relationship("沈墨", "哥哥"), new Persona.Relationship("林晓", "")))
                .speakingStyle("轻声细语").catchphrases(List.of("慢慢来")).education("本科").workHistory("三年")
                .likes("听雨").dislikes("噪音").exampleLines(List.of("纸会记得。"))
                .extraFields(List.of(new Persona.ExtraField("星座", "处女座"))).tags(List.of("古风", "温柔"))
                .creatorNotes("notes").aliases(List.of("青禾")).build();
    }

    @Test
    void everyFieldRoundTripsThroughTheEditorTexts() {
        PersonaEditorViewModel editor = new PersonaEditorViewModel(new PersonaRepository(dir));
        editor.load(full());
        assertEquals(full(), editor.current());
        assertFalse(editor.dirtyProperty().get());
        assertEquals("沈墨：哥哥\n林晓", editor.field(PersonaField.RELATIONSHIPS).get());
        assertEquals("青青\n禾姐", editor.field(PersonaField.NICKNAMES).get());
        assertEquals("古风, 温柔", editor.field(PersonaField.TAGS).get());
    }

    @Test
    void editsMarkDirtyUpdateThePreviewAndSave() {
        PersonaRepository repository = new PersonaRepository(dir);
        repository.save(full());
        PersonaEditorViewModel editor = new PersonaEditorViewModel(repository);
        editor.load(full());
        editor.field(PersonaField.RELATIONSHIPS).set("沈墨: 哥哥\n苏小满：朋友\n");
        editor.field(PersonaField.EXTRA_FIELDS).set("星座：处女座\n血型:A");
        assertTrue(editor.dirtyProperty().get());
        Persona current = editor.current();
        assertEquals(List.of(new Persona.Relationship("沈墨", "哥哥"), new Persona.Relationship("苏小满", "朋友")),
                current.relationships());
        assertEquals(new Persona.ExtraField("血型", "A"), current.extraFields().get(1));
        assertEquals(PersonaRenderer.roleInfo(current), editor.previewProperty().get());
        assertTrue(editor.previewProperty().get().contains("人物关系：沈墨（哥哥）；苏小满（朋友）"));
        assertTrue(editor.save());
        assertFalse(editor.dirtyProperty().get());
        assertEquals(current, repository.get("shen"));
        assertTrue(editor.statusProperty().get().startsWith("Saved at"));
    }

    @Test
    void switchingBetweenFieldsAndFreeTextKeepsBothAndThePreviewFollows() {
        PersonaRepository repository = new PersonaRepository(dir);
        repository.save(full());
        PersonaEditorViewModel editor = new PersonaEditorViewModel(repository);
        editor.load(full());
        assertEquals(PersonaForm.FIELDS, editor.formProperty().get());
        String fieldLines = PersonaRenderer.fieldLines(full());

        editor.formProperty().set(PersonaForm.TEXT);
        assertEquals(fieldLines, editor.field(PersonaField.PERSONA_TEXT).get(), "free text starts from the fields");
        editor.field(PersonaField.PERSONA_TEXT).set("姓名：沈青禾性别：女 修古籍的人");
        assertEquals("以下是沈青禾的人设：\n姓名：沈青禾性别：女 修古籍的人\n", editor.previewProperty().get());
        assertTrue(PersonaEditorViewModel.formDescription(PersonaForm.TEXT).contains("verbatim"));

        editor.formProperty().set(PersonaForm.FIELDS);
        assertEquals(PersonaRenderer.roleInfo(full()), editor.previewProperty().get());
        assertEquals("姓名：沈青禾性别：女 修古籍的人", editor.field(PersonaField.PERSONA_TEXT).get(), "switching keeps the text");
        editor.formProperty().set(PersonaForm.TEXT);
        assertEquals("姓名：沈青禾性别：女 修古籍的人", editor.field(PersonaField.PERSONA_TEXT).get());
        assertEquals(full().name(), editor.current().name(), "the fields stay too");
        assertTrue(editor.save());
        Persona saved = repository.get("shen");
        assertEquals(PersonaForm.TEXT, saved.form());
        editor.load(saved);
        assertEquals(PersonaForm.TEXT, editor.formProperty().get());
        assertFalse(editor.dirtyProperty().get());
    }

    @Test
    void theRetrievalLengthIsAWholeNumberOrBlankForThePipelinesDefault() {
        PersonaEditorViewModel editor = new PersonaEditorViewModel(new PersonaRepository(dir));
        editor.load(full());
        assertEquals("", editor.field(PersonaField.MIN_MEAN_LINE_LENGTH).get());
        assertEquals(null, editor.current().minMeanLineLength());
        editor.field(PersonaField.MIN_MEAN_LINE_LENGTH).set("4");
        assertEquals(4, editor.current().minMeanLineLength());
        editor.field(PersonaField.MIN_MEAN_LINE_LENGTH).set("短");
        assertFalse(editor.isValid());
        assertTrue(editor.retrievalErrorProperty().get().contains("whole number"), editor.retrievalErrorProperty().get());
        assertFalse(editor.save());
        editor.field(PersonaField.MIN_MEAN_LINE_LENGTH).set(" 0 ");
        assertTrue(editor.isValid());
        assertEquals(0, editor.current().minMeanLineLength());
    }

    @Test
    void lengthShowsCharactersUntilATokenCounterIsPluggedIn() {
        PersonaEditorViewModel editor = new PersonaEditorViewModel(new PersonaRepository(dir));
        editor.load(Persona.named("a", "Ann"));
        int chars = PersonaRenderer.roleInfo(Persona.named("a", "Ann")).length();
        assertEquals(chars + " characters", editor.lengthProperty().get());
        editor.tokenCounterProperty().set(text -> text.length() / 2);
        assertEquals((chars / 2) + " tokens · " + chars + " characters", editor.lengthProperty().get());
    }

    @Test
    void invalidSheetsAreNotSavedAndSayWhy() {
        PersonaRepository repository = new PersonaRepository(dir);
        repository.save(full());
        PersonaEditorViewModel editor = new PersonaEditorViewModel(repository);
        editor.load(full());
        editor.field(PersonaField.EXTRA_FIELDS).set("星座：处女座\nno colon here");
        assertEquals("Extra fields line 2: write it as key：value.", editor.linesErrorProperty().get());
        assertFalse(editor.save());
        assertTrue(editor.statusProperty().get().contains("line 2"));
        assertEquals(full(), repository.get("shen"));
        editor.discard();
        assertFalse(editor.dirtyProperty().get());
        assertEquals("", editor.linesErrorProperty().get());
    }
}
