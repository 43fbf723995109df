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
 * The system text and the model's own prompt for a record, by {@link ExportOptions.SystemPart}:
 * <ul>
 *   <li>{@code STORED} (the default): the prompt stored with the reply. The system text is its part
 *       before the conversation lines; the {@code index-*} prompt is the stored prompt itself. A record
 *       without a stored prompt (or one whose conversation lines cannot be found in it) is rebuilt as
 *       with {@code TEMPLATE}, and {@link #rebuilt} says so.</li>
 *   <li>{@code TEMPLATE}: the template's whole instruction part (everything before {@code ${dialog}})
 *       with the record's retrieved exchanges in {@code ${simi_dialog}} and today's persona.</li>
 *   <li>{@code PERSONA}: {@code 以下是<name>的人设：} and the persona lines alone.</li>
 * </ul>
 * A character without a persona sheet falls back to the instruction part, so the system text is never
 * empty. One context serves one export at a time (it remembers the last record), so it is not shared
 * between threads.
 */
public final class PromptContext {
    private static final String DIALOG_MARKER = "\u0000dialog\u0000";

    private final PromptTemplate template;
    private final Function<String, Optional<Persona>> personas;
    private final ExportOptions.SystemPart systemPart;
    private final Map<String, Character> characters = new HashMap<>();
    private ExportRecord lastRecord;
    private String lastSystem;

    private record Character(String name, String personaText) {
    }

    public PromptContext(PromptTemplate template, Function<String, Optional<Persona>> personas,
                         ExportOptions.SystemPart systemPart) {
        this.template = template;
        this.personas = personas;
        this.systemPart = systemPart;
    }

    public ExportOptions.SystemPart systemPart() {
        return systemPart;
    }

    /** Whether the stored prompt was asked for but the record's text had to be rebuilt from the template. */
    public boolean rebuilt(ExportRecord record) {
        return systemPart == ExportOptions.SystemPart.STORED && storedSystem(record) == null;
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
        if (systemPart == ExportOptions.SystemPart.STORED) {
            String stored = storedSystem(record);
            if (stored != null) {
                return stored;
            }
        }
        Character character = character(record.characterId());
        if (systemPart == ExportOptions.SystemPart.PERSONA && !character.personaText().isBlank()) {
            return ("以下是" + character.name() + "的人设：\n" + character.personaText()).strip();
        }
        String rendered = template.render(parts(record, List.of(DIALOG_MARKER)));
        int marker = rendered.indexOf(DIALOG_MARKER);
        return (marker < 0 ? rendered : rendered.substring(0, marker)).strip();
    }

    /** The exact prompt of the Character model for the record's final user turn. */
    public String indexPrompt(ExportRecord record) {
        if (systemPart == ExportOptions.SystemPart.STORED && storedSystem(record) != null) {
            return record.storedPrompt();
        }
        return template.render(parts(record, dialogLines(record)));
    }

    /**
     * The stored prompt's part before its conversation lines: found by the last user line, then walking
     * back over the earlier lines of the record's history as long as they precede it. Null when there is
     * no stored prompt or the user's line is not in it.
     */
    private String storedSystem(ExportRecord record) {
        String prompt = record.storedPrompt();
        if (prompt == null) {
            return null;
        }
        List<String> lines = dialogLines(record);
        int start = prompt.lastIndexOf(lines.get(lines.size() - 1));
        if (start < 0) {
            return null;
        }
        for (int i = lines.size() - 2; i >= 0; i--) {
            String line = lines.get(i) + "\n";
            if (start < line.length() || !prompt.startsWith(line, start - line.length())) {
                break;
            }
            start -= line.length();
        }
        String system = prompt.substring(0, start).strip();
        return system.isEmpty() ? null : system;
    }

    private List<String> dialogLines(ExportRecord record) {
        String role = roleName(record.characterId());
        List<String> lines = new ArrayList<>(record.history().size() * 2 + 1);
        for (ExportRecord.Exchange exchange : record.history()) {
            lines.add(record.userName() + ":" + exchange.user());
            lines.add(role + ":" + exchange.assistant());
        }
        lines.add(record.userName() + ":" + record.userText());
        return lines;
    }

    private PromptParts parts(ExportRecord record, List<String> dialogLines) {
        Character character = character(record.characterId());
        return new PromptParts(character.name(), record.userName(), character.personaText(),
                systemPart.needsRetrieval() ? record.retrieval() : List.of(), dialogLines);
    }

    private Character character(String id) {
        return characters.computeIfAbsent(id, key -> personas.apply(key)
                .map(p -> new Character(p.name().isBlank() ? key : p.name(), PersonaRenderer.personaText(p)))
                .orElseGet(() -> new Character(key, "")));
    }
}
