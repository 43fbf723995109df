package app.characterstudio.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A role-play prompt template with the placeholders of the Character model's training layout
 * ({@code ${role_name}}, {@code ${user_name}}, {@code ${simi_dialog}}, {@code ${role_info}},
 * {@code ${dialog}}). The default reproduces {@code roleplay/prompt/dataset_character.txt} exactly.
 */
public record PromptTemplate(String body) {
    /** Separates retrieved dialogues inside {@code ${simi_dialog}}. */
    public static final String DIALOGUE_SEPARATOR = "\n" + "-".repeat(20) + "\n";
    /**
     * How the placeholders are filled. 1: other speakers of retrieved dialogues were written
     * {@code user0}, {@code user1}, ...; 2: they keep their real names, as in the model's training
     * prompts (the pipeline renames them only for matching), and a persona may be free text.
     */
    public static final int LAYOUT = 2;

    /** What a layout number means, for the inspector and the command line. */
    public static String layoutDescription(int layout) {
        return switch (layout) {
            case 1 -> "layout 1: other speakers renamed user0, user1, …";
            case 2 -> "layout 2: speaker names kept";
            default -> "layout " + layout;
        };
    }

    public PromptTemplate {
        Objects.requireNonNull(body, "body");
    }

    /** The Character model's own layout. */
    public static PromptTemplate characterDefault() {
        try (InputStream in = PromptTemplate.class.getResourceAsStream("/prompts/index-character.txt")) {
            return new PromptTemplate(new String(Objects.requireNonNull(in, "default template missing").readAllBytes(),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fills the template as the reference pipeline does: the persona becomes
     * {@code 以下是<role>的人设：\n<persona>\n}, dialogues are joined by {@link #DIALOGUE_SEPARATOR},
     * dialogue lines by {@code \n}, and the result is stripped of surrounding whitespace.
     */
    public String render(PromptParts parts) {
        String roleInfo = parts.personaText().isBlank()
                ? ""
                : "以下是" + parts.roleName() + "的人设：\n" + parts.personaText() + "\n";
        return body.replace("${role_name}", parts.roleName())
                .replace("${role_info}", roleInfo)
                .replace("${user_name}", parts.userName())
                .replace("${simi_dialog}", String.join(DIALOGUE_SEPARATOR, parts.similarDialogues()))
                .replace("${dialog}", String.join("\n", parts.dialogLines()))
                .strip();
    }

    /**
     * What goes into one prompt.
     *
     * @param personaText      the persona lines without the {@code 以下是…的人设} header
     *                         ({@code PersonaRenderer.personaText})
     * @param similarDialogues retrieved past exchanges, each already prepared (real speaker names, trimmed)
     * @param dialogLines      the conversation so far, one {@code speaker:utterance} per line
     */
    public record PromptParts(String roleName, String userName, String personaText,
                              List<String> similarDialogues, List<String> dialogLines) {
        public PromptParts {
            roleName = Objects.requireNonNull(roleName, "roleName");
            userName = userName == null || userName.isBlank() ? "user" : userName;
            personaText = personaText == null ? "" : personaText;
            similarDialogues = List.copyOf(similarDialogues);
            dialogLines = List.copyOf(dialogLines);
        }
    }
}
