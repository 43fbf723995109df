package app.characterstudio.ui.characters;

import app.characterstudio.persona.CardFields;
import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaForm;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The editable fields of a persona sheet as editor text: lists are one item per line,
 * relationships and extra fields {@code name：relation} lines (a half-width colon works too).
 */
public enum PersonaField {
    NAME("Name", false, Persona::name),
    GENDER("Gender", false, Persona::gender),
    AGE("Age", false, Persona::age),
    HEIGHT("Height", false, Persona::height),
    NICKNAMES("Nicknames", true, p -> lines(p.nicknames())),
    SELF_REFERENCE("Calls themselves", false, Persona::selfReference),
    OCCUPATION("Occupation", false, Persona::occupation),
    ALIASES("Names in scripts", true, p -> lines(p.aliases())),
    PERSONALITY("Personality", true, Persona::personality),
    BIOGRAPHY("Biography", true, Persona::biography),
    SPEAKING_STYLE("Speaking style", true, Persona::speakingStyle),
    CATCHPHRASES("Catchphrases", true, p -> lines(p.catchphrases())),
    LIKES("Likes", true, Persona::likes),
    DISLIKES("Dislikes", true, Persona::dislikes),
    EDUCATION("Education", true, Persona::education),
    WORK_HISTORY("Work history", true, Persona::workHistory),
    RELATIONSHIPS("Relationships", true, p -> p.relationships().stream()
            .map(r -> r.relation().isEmpty() ? r.name() : r.name() + "：" + r.relation()).collect(Collectors.joining("\n"))),
    EXAMPLE_LINES("Example lines", true, p -> lines(p.exampleLines())),
    EXTRA_FIELDS("Extra fields", true, p -> p.extraFields().stream()
            .map(f -> f.key() + "：" + f.value()).collect(Collectors.joining("\n"))),
    TAGS("Tags", false, p -> String.join(", ", p.tags())),
    CREATOR_NOTES("Creator notes", true, Persona::creatorNotes),
    // character-card fields kept in Persona.card (alternate greetings are a list of entries, not one text)
    SCENARIO("Scenario", true, p -> CardFields.of(p).scenario()),
    FIRST_MESSAGE("First message", true, p -> CardFields.of(p).firstMessage()),
    SYSTEM_PROMPT("System prompt", true, p -> CardFields.of(p).systemPrompt()),
    POST_HISTORY_INSTRUCTIONS("Post-history instructions", true, p -> CardFields.of(p).postHistoryInstructions()),
    CREATOR("Creator", false, p -> CardFields.of(p).creator()),
    CHARACTER_VERSION("Character version", false, p -> CardFields.of(p).characterVersion()),
    // the persona as one free text (used verbatim when the form is TEXT) and the retrieval length rule
    PERSONA_TEXT("Persona text", true, Persona::personaText),
    MIN_MEAN_LINE_LENGTH("Shortest mean line in retrieved dialogues", false,
            p -> p.minMeanLineLength() == null ? "" : Integer.toString(p.minMeanLineLength()));

    private final String label;
    private final boolean multiline;
    private final Function<Persona, String> reader;

    PersonaField(String label, boolean multiline, Function<Persona, String> reader) {
        this.label = label;
        this.multiline = multiline;
        this.reader = reader;
    }

    public String label() {
        return label;
    }

    public boolean multiline() {
        return multiline;
    }

    /** Whether the editor shows one item per line. */
    public boolean isList() {
        return List.of(NICKNAMES, ALIASES, CATCHPHRASES, RELATIONSHIPS, EXAMPLE_LINES, EXTRA_FIELDS).contains(this);
    }

    public String read(Persona persona) {
        return reader.apply(persona);
    }

    /**
     * A persona from {@code base} (id, avatar, the rest of the card), the editor texts and the
     * alternate greetings.
     */
    static Persona build(Persona base, Function<PersonaField, String> text, List<String> alternateGreetings,
                         PersonaForm form) {
        CardFields card = new CardFields(text.apply(SCENARIO), text.apply(FIRST_MESSAGE), alternateGreetings,
                text.apply(SYSTEM_PROMPT), text.apply(POST_HISTORY_INSTRUCTIONS), text.apply(CREATOR),
                text.apply(CHARACTER_VERSION));
        return card.applyTo(Persona.builder(base.id(), text.apply(NAME).strip())
                .gender(text.apply(GENDER)).age(text.apply(AGE)).height(text.apply(HEIGHT))
                .nicknames(items(text.apply(NICKNAMES))).selfReference(text.apply(SELF_REFERENCE))
                .occupation(text.apply(OCCUPATION)).personality(text.apply(PERSONALITY)).biography(text.apply(BIOGRAPHY))
                .relationships(items(text.apply(RELATIONSHIPS)).stream().map(line -> {
                    String[] parts = split(line);
                    return new Persona.Relationship(parts[0], parts[1]);
                }).toList())
                .speakingStyle(text.apply(SPEAKING_STYLE)).catchphrases(items(text.apply(CATCHPHRASES)))
                .education(text.apply(EDUCATION)).workHistory(text.apply(WORK_HISTORY)).likes(text.apply(LIKES))
                .dislikes(text.apply(DISLIKES)).exampleLines(items(text.apply(EXAMPLE_LINES)))
                .extraFields(items(text.apply(EXTRA_FIELDS)).stream().map(line -> {
                    String[] parts = split(line);
                    return new Persona.ExtraField(parts[0], parts[1]);
                }).toList())
                .tags(Arrays.stream(text.apply(TAGS).split("[,，、\\n]")).map(String::strip).filter(s -> !s.isEmpty())
                        .toList())
                .creatorNotes(text.apply(CREATOR_NOTES)).avatar(base.avatar()).aliases(items(text.apply(ALIASES)))
                .card(base.card()).form(form).personaText(text.apply(PERSONA_TEXT))
                .minMeanLineLength(minMeanLineLength(text.apply(MIN_MEAN_LINE_LENGTH)).orElse(null)).build());
    }

    /** Blank: the pipeline's default (empty); a whole number of at least 0; anything else is refused. */
    static Optional<Integer> minMeanLineLength(String text) {
        String value = text.strip();
        if (value.isEmpty() || !value.matches("\\d{1,4}")) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(value));
    }

    /** Why {@code text} is not a valid shortest mean line length, or empty when it is. */
    static String minMeanLineLengthError(String text) {
        String value = text.strip();
        return value.isEmpty() || value.matches("\\d{1,4}") ? ""
                : MIN_MEAN_LINE_LENGTH.label() + " must be a whole number from 0 to 9999 (blank: the reference pipeline's "
                + app.characterstudio.script.SimilarDialogues.DEFAULT_MIN_MEAN_LENGTH + "), not \"" + value + "\".";
    }

    /** The 1-based number of the first non-blank line without a colon, if any. */
    static Optional<Integer> missingColon(String text) {
        List<String> lines = text.lines().toList();
        return IntStream.range(0, lines.size())
                .filter(i -> !lines.get(i).isBlank() && lines.get(i).indexOf('：') < 0 && lines.get(i).indexOf(':') < 0)
                .boxed().findFirst().map(i -> i + 1);
    }

    private static List<String> items(String text) {
        return text.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String[] split(String line) {
        int full = line.indexOf('：');
        int half = line.indexOf(':');
        int at = full < 0 ? half : half < 0 ? full : Math.min(full, half);
        return at < 0 ? new String[] {line, ""} : new String[] {line.substring(0, at).strip(), line.substring(at + 1).strip()};
    }

    private static String lines(List<String> items) {
        return String.join("\n", items);
    }
}
