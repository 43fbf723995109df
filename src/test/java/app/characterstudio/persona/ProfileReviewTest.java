package app.characterstudio.persona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Imported Chinese profiles read as text (no raw JSON), say each fact once, and report what each key became. */
class ProfileReviewTest {
    private static final String PROFILE = """
            {"姓名": "萧炎",
             "名字": "萧炎",
             "性格": "坚毅、重情义",
             "外号": ["炎帝", "萧少"],
             "昵称": "小炎子、炎帝",
             "简介": "乌坦城萧家少年",
             "背景": "乌坦城萧家少年，三年前修为尽失",
             "关键事件": {"事件": "获得雷灵珠", "经过": "在雷泽深处击败守护兽"},
             "成长经历": [{"事件": "退婚", "结果": "立下三年之约"}, {"事件": "进入迦南学院"}],
             "家人": {"父亲": "萧战", "老师": {"姓名": "药老", "身份": "炼药师"}},
             "性情": "坚毅、重情义",
             "备注": ""}
            """;

    private static PersonaImporter.Imported read() {
        return PersonaImporter.read(PROFILE.getBytes(StandardCharsets.UTF_8), "xiao.json");
    }

    @Test
    void nestedValuesBecomeReadableTextInThePersonaBlock() {
        String block = PersonaRenderer.personaText(read().personas().get(0));
        assertTrue(block.contains("关键事件：获得雷灵珠——在雷泽深处击败守护兽"), block);
        assertTrue(block.contains("成长经历：退婚——立下三年之约；进入迦南学院"), block);
        assertTrue(block.contains("家人：父亲：萧战；老师（姓名：药老；身份：炼药师）"), block);
        assertFalse(block.contains("{") || block.contains("\"") || block.contains("["), "no raw JSON: " + block);
    }

    @Test
    void everyFactAppearsOnce() {
        Persona persona = read().personas().get(0);
        String block = PersonaRenderer.personaText(persona);
        assertEquals(List.of("炎帝", "萧少", "小炎子"), persona.nicknames(), "the two nickname keys merged");
        assertEquals("乌坦城萧家少年，三年前修为尽失", persona.biography(), "the longer text that repeats the shorter");
        assertEquals(1, block.split("萧炎", -1).length - 1, block);
        assertEquals(1, block.split("坚毅、重情义", -1).length - 1, block);
        assertEquals(1, block.split("乌坦城萧家少年", -1).length - 1, block);
    }

    @Test
    void theReviewSaysWhatEachKeyBecame() {
        PersonaImporter.Imported imported = read();
        assertEquals(1, imported.reviews().size());
        ImportReview review = imported.reviews().get(0);
        assertEquals("萧炎", review.character());
        Map<String, String> became = review.keys().stream()
                .collect(Collectors.toMap(ImportReview.KeyMapping::key, ImportReview.KeyMapping::became));
        assertEquals("姓名 (name)", became.get("姓名"));
        assertEquals("dropped: already in 姓名", became.get("名字"));
        assertEquals("昵称 (nicknames) (nested values written as text)", became.get("外号"));
        assertEquals("merged into 昵称", became.get("昵称"));
        assertEquals("人物简介 (biography)", became.get("简介"));
        assertEquals("merged into 人物简介 (it repeats that text and adds more)", became.get("背景"));
        assertEquals("extra field 关键事件 (nested values written as text)", became.get("关键事件"));
        assertEquals("dropped: already in 性格", became.get("性情"));
        assertEquals("dropped: empty", became.get("备注"));
        assertEquals(12, review.keys().size(), "every key of the file is listed");
        assertEquals(List.of(), PersonaImporter.read("{\"spec\":\"chara_card_v2\",\"spec_version\":\"2.0\",\"data\":{\"name\":\"A\"}}"
                .getBytes(StandardCharsets.UTF_8), "card.json").reviews(), "cards have no key review");
    }
}
