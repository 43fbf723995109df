package app.characterstudio.persona;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The studio's own persona JSON: snake_case keys in the record's order, pretty-printed. Reading is
 * strict: an unknown key is rejected with its name and position rather than silently dropped (a
 * persona file from elsewhere goes through {@link PersonaImporter}, which keeps unknown keys as
 * extra fields).
 */
public final class PersonaJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength((int) PersonaInput.MAX_FILE_BYTES).build());
    }

    /** The keys of our JSON, in the order they are written. */
    public static final List<String> KEYS = List.of("id", "name", "gender", "age", "height", "nicknames",
            "self_reference", "occupation", "personality", "biography", "relationships", "speaking_style",
            "catchphrases", "education", "work_history", "likes", "dislikes", "example_lines", "extra_fields",
            "tags", "creator_notes", "avatar", "aliases", "card", "form", "persona_text", "min_mean_line_length");

    private PersonaJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Our JSON for {@code persona}, UTF-8, ending in a newline. */
    public static byte[] write(Persona persona) {
        try {
            return (MAPPER.writeValueAsString(persona) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new PersonaFormatException("Cannot write persona " + persona.id() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static ObjectNode toTree(Persona persona) {
        return MAPPER.valueToTree(persona);
    }

    /** Names the first top-level key that is not ours, with its line and column. */
    private static void rejectUnknownKeys(String text, String source) {
        try (com.fasterxml.jackson.core.JsonParser parser = MAPPER.createParser(text)) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw new PersonaFormatException(source + ": a persona sheet is a JSON object.");
            }
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                if (!KEYS.contains(key)) {
                    com.fasterxml.jackson.core.JsonLocation at = parser.currentTokenLocation();
                    throw new PersonaFormatException(source + ": unknown key '" + key + "' at line " + at.getLineNr()
                            + ", column " + at.getColumnNr() + "; a persona sheet holds only " + String.join(", ", KEYS)
                            + " (put free-form fields under extra_fields).");
                }
                parser.nextToken();
                parser.skipChildren();
            }
        } catch (java.io.IOException e) {
            throw new PersonaFormatException(source + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Reads our JSON strictly; {@code source} names the file in errors. */
    public static Persona read(byte[] bytes, String source) {
        String text = PersonaInput.decodeUtf8(bytes, source);
        PersonaInput.parseJson(text, source);
        rejectUnknownKeys(text, source);
        try {
            return MAPPER.readValue(text, Persona.class);
        } catch (UnrecognizedPropertyException e) {
            throw new PersonaFormatException(source + ": unknown key '" + e.getPropertyName() + "'"
                    + PersonaInput.where(e) + "; a persona sheet holds only " + String.join(", ", KEYS)
                    + " (put free-form fields under extra_fields).", e);
        } catch (JsonProcessingException e) {
            throw new PersonaFormatException(source + ": not a persona sheet" + PersonaInput.where(e) + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
