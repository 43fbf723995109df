package app.characterstudio.persona;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PersonaRendererTest {
    @Test
    void rendersFilledFieldsInOrderUnderTheHeader() {
        assertEquals("""
                以下是沈青禾的人设：
                姓名：沈青禾
                性别：女
                年龄：24岁
                身高：165cm
                昵称：青青、禾姐
                自称：我
                职业：古籍修复师
                性格：温和、细致
                人物简介：在城南博物馆修复古籍。
                人物关系：沈墨（哥哥）
                语言风格：轻声细语
                口头禅：慢慢来
                学习经历：文物保护专业
                工作经历：修复室三年
                喜欢：听雨
                讨厌：噪音
                经典台词：这页纸等了三百年。
                纸会记得。
                星座：处女座
                """, PersonaRenderer.roleInfo(PersonaFixtures.full("shen")));
    }

    @Test
    void aFreeTextPersonaIsWrittenVerbatimAndKeepsItsFieldsAside() {
        String roleInfo = "姓名：小灯性别：女年龄：十六岁职业：灯塔看守的徒弟。\n  说话很慢，  爱数星星";
        Persona text = PersonaFixtures.full("shen").withPersonaText(PersonaForm.TEXT, roleInfo, null);
        assertEquals("以下是沈青禾的人设：\n" + roleInfo + "\n", PersonaRenderer.roleInfo(text));
        assertEquals(roleInfo, PersonaRenderer.personaText(text));
        Persona fields = text.withPersonaText(PersonaForm.FIELDS, roleInfo, null);
        assertEquals(PersonaRenderer.roleInfo(PersonaFixtures.full("shen")), PersonaRenderer.roleInfo(fields),
                "the fields render as before, the free text is kept but not used");
        assertEquals(roleInfo, fields.personaText());
        Persona read = PersonaJson.read(PersonaJson.write(text), "t.json");
        assertEquals(text, read);
        assertEquals(PersonaForm.TEXT, read.form());
        org.junit.jupiter.api.Assertions.assertTrue(new String(PersonaJson.write(text), java.nio.charset.StandardCharsets.UTF_8)
                .contains("\"form\" : \"text\""));
        assertEquals(PersonaForm.FIELDS, PersonaJson.read("{\"id\":\"a\",\"name\":\"阿福\"}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), "old.json").form(), "a sheet from before has fields");
        org.junit.jupiter.api.Assertions.assertThrows(PersonaFormatException.class,
                () -> text.withPersonaText(PersonaForm.TEXT, roleInfo, -1));
    }

    @Test
    void sentencesInAListAreNotJoinedWithAnExtraComma() {
        Persona persona = Persona.builder("a", "阿福").catchphrases(List.of("慢慢说，我在听。", "晚安", "好吗？", "走")).build();
        assertEquals("姓名：阿福\n口头禅：慢慢说，我在听。晚安、好吗？走", PersonaRenderer.personaText(persona));
    }
}
