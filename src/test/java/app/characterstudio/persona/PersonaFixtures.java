package app.characterstudio.persona;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test personas and the fixture files under src/test/resources/persona/. */
final class PersonaFixtures {
    private PersonaFixtures() {
    }

    static byte[] resource(String name) {
        try (InputStream in = PersonaFixtures.class.getResourceAsStream("/persona/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path copy(String name, Path dir) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, resource(name));
        return file;
    }

    /** A persona with every field filled, Chinese text included. */
    static Persona full(String id) {
        return Persona.builder(id, "沈青禾").gender("女").age("24岁").height("165cm").nicknames(List.of("青青", "禾姐"))
                .selfReference("我").occupation("古籍修复师").personality("温和、细致").biography("在城南博物馆修复古籍。")
                .relationships(List.of(new Persona.Relationship("沈墨", "哥哥"))).speakingStyle("轻声细语")
                .catchphrases(List.of("慢慢来")).education("文物保护专业").workHistory("修复室三年").likes("听雨")
                .dislikes("噪音").exampleLines(List.of("这页纸等了三百年。", "纸会记得。"))
                .extraFields(List.of(new Persona.ExtraField("星座", "处女座"))).tags(List.of("古风", "温柔"))
                .creatorNotes("sample").aliases(List.of("青禾", "小沈")).build();
    }
}
