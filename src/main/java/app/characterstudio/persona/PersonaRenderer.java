package app.characterstudio.persona;

import java.util.List;

/**
 * Renders a persona to the persona text of the prompt ({@code ${role_info}} in the Character
 * model's template): {@code 以下是<name>的人设：} followed by the free text verbatim (form
 * {@link PersonaForm#TEXT}, as the model's own {@code role_info}) or one {@code key：value} line per
 * filled field (form {@link PersonaForm#FIELDS}).
 */
public final class PersonaRenderer {
    private PersonaRenderer() {
    }

    /** The full {@code ${role_info}} block: header, persona text, trailing newline. */
    public static String roleInfo(Persona persona) {
        return "以下是" + persona.name() + "的人设：\n" + personaText(persona) + "\n";
    }

    /** The persona text alone, without the header: the free text verbatim, or the field lines. */
    public static String personaText(Persona persona) {
        return persona.form() == PersonaForm.TEXT ? persona.personaText() : fieldLines(persona);
    }

    /** One {@code key：value} line per filled field, whatever the persona's form. */
    public static String fieldLines(Persona persona) {
        StringBuilder text = new StringBuilder();
        line(text, "姓名", persona.name());
        line(text, "性别", persona.gender());
        line(text, "年龄", persona.age());
        line(text, "身高", persona.height());
        line(text, "昵称", enumeration(persona.nicknames()));
        line(text, "自称", persona.selfReference());
        line(text, "职业", persona.occupation());
        line(text, "性格", persona.personality());
        line(text, "人物简介", persona.biography());
        line(text, "人物关系", relationships(persona.relationships()));
        line(text, "语言风格", persona.speakingStyle());
        line(text, "口头禅", enumeration(persona.catchphrases()));
        line(text, "学习经历", persona.education());
        line(text, "工作经历", persona.workHistory());
        line(text, "喜欢", persona.likes());
        line(text, "讨厌", persona.dislikes());
        line(text, "经典台词", String.join("\n", persona.exampleLines()));
        for (Persona.ExtraField field : persona.extraFields()) {
            line(text, field.key(), field.value());
        }
        return text.toString().stripTrailing();
    }

    /** Items joined by 、, except after an item that already ends a sentence (。！？…). */
    private static String enumeration(List<String> items) {
        StringBuilder joined = new StringBuilder();
        for (String item : items) {
            if (joined.length() > 0 && "。！？!?…~～」』”\"".indexOf(joined.charAt(joined.length() - 1)) < 0) {
                joined.append('、');
            }
            joined.append(item.strip());
        }
        return joined.toString();
    }

    private static String relationships(List<Persona.Relationship> relationships) {
        return String.join("；", relationships.stream()
                .map(r -> r.relation().isBlank() ? r.name() : r.name() + "（" + r.relation() + "）").toList());
    }

    private static void line(StringBuilder text, String key, String value) {
        if (!value.isBlank()) {
            text.append(key).append('：').append(value.strip()).append('\n');
        }
    }
}
