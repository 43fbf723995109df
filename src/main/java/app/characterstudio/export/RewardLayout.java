package app.characterstudio.export;

import app.characterstudio.chat.PromptTemplate;
import app.characterstudio.persona.Persona;
import app.characterstudio.store.ScorableTurn;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The export layout a reward model was trained on, so it sees its input as the trainer gave it: a preference
 * format whose rows carry the prompt as plain text, and the system part of that prompt. Written
 * {@code FORMAT:PART}, e.g. {@code index-dpo:stored} (the default: the Character model's own DPO layout with the
 * prompt stored with the reply).
 */
public record RewardLayout(DatasetFormat format, ExportOptions.SystemPart systemPart) {
    public static final RewardLayout DEFAULT = new RewardLayout(DatasetFormats.byId("index-dpo"),
            ExportOptions.SystemPart.STORED);

    private static final String CHOSEN = "\u0000chosen\u0000";

    public RewardLayout {
        if (format.kind() != DatasetFormat.Kind.PREFERENCE || !plainTextPrompt(format)) {
            throw new ExportException("The reward model layout must be a preference format whose prompt is plain "
                    + "text (" + String.join(", ", ids()) + "); " + format.id() + " is not.");
        }
    }

    /** Parses {@code FORMAT[:PART]}; PART is stored, template or persona (stored when left out). */
    public static RewardLayout parse(String text) {
        String[] parts = text.strip().split(":", 2);
        return new RewardLayout(DatasetFormats.byId(parts[0]),
                parts.length == 2 ? ExportOptions.SystemPart.parse(parts[1]) : ExportOptions.SystemPart.STORED);
    }

    /** Every layout a reward model can be given, as written. */
    public static List<String> ids() {
        return DatasetFormats.all().stream()
                .filter(f -> f.kind() == DatasetFormat.Kind.PREFERENCE && plainTextPrompt(f))
                .flatMap(f -> java.util.Arrays.stream(ExportOptions.SystemPart.values()).map(p -> f.id() + ":" + p.id()))
                .toList();
    }

    public String id() {
        return format.id() + ":" + systemPart.id();
    }

    /** Renders the prompts of turns in this layout, as the export would; one renderer serves one thread. */
    public Renderer renderer(Function<String, Optional<Persona>> personas) {
        return new Renderer(new PromptContext(PromptTemplate.characterDefault(), personas, systemPart));
    }

    /** The prompt of a turn's replies, exactly as a preference export in this layout writes it. */
    public final class Renderer {
        private final PromptContext context;

        private Renderer(PromptContext context) {
            this.context = context;
        }

        public String prompt(ScorableTurn turn) {
            return promptOf(format, record(turn, CHOSEN, List.of(CHOSEN + "r")), context);
        }
    }

    /** A turn as an export record with {@code chosen} over {@code rejected}. */
    static ExportRecord record(ScorableTurn turn, String chosen, List<String> rejected) {
        List<ExportRecord.Exchange> history = turn.history().stream()
                .map(line -> new ExportRecord.Exchange(line.user(), line.reply())).toList();
        return new ExportRecord(turn.characterId(), turn.sessionId(), turn.turnId(), turn.userName(), history,
                turn.userText(), chosen, rejected, List.of(), List.of(), false,
                LabeledTurnQuery.blocks("A reply of turn " + turn.turnId(), turn.retrievalJson()), turn.createdAt(), turn.createdAt(),
                turn.storedPrompt(), 0);
    }

    private static String promptOf(DatasetFormat format, ExportRecord record, PromptContext context) {
        List<ObjectNode> rows = format.rows(record, context);
        JsonNode prompt = rows.isEmpty() ? null : rows.get(0).get("prompt");
        if (prompt == null || !prompt.isTextual()) {
            throw new ExportException(format.id() + " rows carry no plain-text prompt");
        }
        return prompt.asText();
    }

    private static boolean plainTextPrompt(DatasetFormat format) {
        ExportRecord probe = new ExportRecord("probe", 0, 0, "user", List.of(), "hello", CHOSEN, List.of("r"),
                List.of(), List.of(), false, List.of(), 0, 0);
        PromptContext context = new PromptContext(PromptTemplate.characterDefault(), id -> Optional.empty(),
                ExportOptions.SystemPart.PERSONA);
        List<ObjectNode> rows = format.rows(probe, context);
        return !rows.isEmpty() && rows.get(0).path("prompt").isTextual();
    }
}
