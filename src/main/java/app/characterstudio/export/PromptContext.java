package app.characterstudio.export;

import app.characterstudio.chat.PromptTemplate;
import app.characterstudio.chat.PromptTemplate.PromptParts;
import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRenderer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The system text and the model's own prompt for a record. The system part is the persona alone
 * ({@code 以下是<name>的人设：} and the persona lines) or, with retrieval, the template's whole
 * instruction part (everything before {@code ${dialog}}) with the record's retrieved exchanges in
 * {@code ${simi_dialog}}, as the model was trained. A character without a persona sheet falls back
 * to the instruction part, so the system text is never empty. One context serves one export at a time
 * (it remembers the last record), so it is not shared between threads.
 */
public final class PromptContext {
    private static final String DIALOG_MARKER = "\u0000dialog\u0000";

    private final PromptTemplate template;
    private final Function<String, Optional<Persona>> personas;
    private final boolean withRetrieval;
    private final Map<String, Character> characters = new HashMap<>();
    private ExportRecord lastRecord;
    private String lastSystem;

    private record Character(String name, String personaText) {
    }

    public PromptContext(PromptTemplate template, Function<String, Optional<Persona>> personas, boolean withRetrieval) {
        this.template = template;
        this.personas = personas;
        this.withRetrieval = withRetrieval;
    }

    public boolean withRetrieval() {
        return withRetrieval;
    }

    /** The character's display name: the persona's name, or its id when there is no sheet. */
    public String roleName(String characterId) {
        return character(characterId).name();
    }

    /** Never blank; the last answer is remembered, as a format and the counts ask for the same record in turn. */
    public String system(ExportRecord record) {
        if (record != lastRecord) {
            lastSystem = renderSystem(record);
            lastRecord = record;
        }
        return lastSystem;
    }

    private String renderSystem(ExportRecord record) {
        Character character = character(record.characterId());
        if (!withRetrieval && !character.personaText().isBlank()) {
            return ("以下是" + character.name() + "的人设：\n" + character.personaText()).strip();
        }
        String rendered = template.render(parts(record, List.of(DIALOG_MARKER)));
        int marker = rendered.indexOf(DIALOG_MARKER);
        return (marker < 0 ? rendered : rendered.substring(0, marker)).strip();
    }

    /** The exact prompt of the Character model for the record's final user turn. */
    public String indexPrompt(ExportRecord record) {
        String role = roleName(record.characterId());
        List<String> lines = new ArrayList<>(record.history().size() * 2 + 1);
        for (ExportRecord.Exchange exchange : record.history()) {
            lines.add(record.userName() + ":" + exchange.user());
            lines.add(role + ":" + exchange.assistant());
        }
        lines.add(record.userName() + ":" + record.userText());
        return template.render(parts(record, lines));
    }

    private PromptParts parts(ExportRecord record, List<String> dialogLines) {
        Character character = character(record.characterId());
        return new PromptParts(character.name(), record.userName(), character.personaText(),
                withRetrieval ? record.retrieval() : List.of(), dialogLines);
    }

    private Character character(String id) {
        return characters.computeIfAbsent(id, key -> personas.apply(key)
                .map(p -> new Character(p.name().isBlank() ? key : p.name(), PersonaRenderer.personaText(p)))
                .orElseGet(() -> new Character(key, "")));
    }
}
