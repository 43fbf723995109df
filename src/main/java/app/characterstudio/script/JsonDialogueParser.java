package app.characterstudio.script;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON Lines of {@code {"role"|"speaker"|"name": ..., "text"|"content": ...}}, or a JSON array of
 * them; an array of arrays makes one scene per inner array, and a {@code scene} field that changes
 * starts a scene. Each line keeps the file line its object starts on.
 */
final class JsonDialogueParser implements ScriptParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> SPEAKER_FIELDS = List.of("role", "speaker", "name", "character", "from");
    private static final List<String> TEXT_FIELDS = List.of("text", "content", "utterance", "value", "line");

    @Override
    public List<ParsedEntry> parse(String text, String fileName, ImportOptions options) {
        List<ParsedEntry> entries = new ArrayList<>();
        try (JsonParser parser = MAPPER.createParser(text)) {
            JsonNode lastScene = null;
            JsonToken token;
            int depth = 0;
            while ((token = parser.nextToken()) != null) {
                int line = parser.currentTokenLocation().getLineNr();
                if (token == JsonToken.START_ARRAY) {
                    depth++;
                    entries.add(ParsedEntry.heading(line, ""));
                } else if (token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.START_OBJECT) {
                    JsonNode node = MAPPER.readTree(parser);
                    JsonNode scene = node.get("scene");
                    if (scene != null && !scene.equals(lastScene)) {
                        entries.add(ParsedEntry.heading(line, scene.asText()));
                        lastScene = scene;
                    }
                    entries.add(utterance(node, line, fileName));
                } else {
                    throw new ScriptFormatException(fileName + " line " + line
                            + ": expected objects like {\"role\": ..., \"text\": ...}, found " + token.asString());
                }
            }
            if (depth != 0) {
                throw new ScriptFormatException(fileName + ": the JSON array is not closed.");
            }
        } catch (IOException e) {
            throw new ScriptFormatException(fileName + ": not valid JSON or JSON Lines ("
                    + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        return entries;
    }

    private static ParsedEntry utterance(JsonNode node, int line, String fileName) {
        String speaker = firstText(node, SPEAKER_FIELDS);
        String text = firstText(node, TEXT_FIELDS);
        if (text == null) {
            throw new ScriptFormatException(fileName + " line " + line + ": object without a text field (expected one of "
                    + TEXT_FIELDS + ").");
        }
        SpeakerLineParser.Parsed parsed;
        if (speaker == null) {
            parsed = SpeakerLineParser.parse(text);
        } else {
            SpeakerLineParser.Parsed utterance = SpeakerLineParser.utteranceOnly(text);
            parsed = new SpeakerLineParser.Parsed(SpeakerLineParser.isNarrator(speaker) ? "" : speaker.strip(),
                    utterance.text(), utterance.direction());
        }
        return ParsedEntry.utterance(line, parsed.speaker(), parsed.text(), parsed.direction());
    }

    private static String firstText(JsonNode node, List<String> fields) {
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value != null && value.isValueNode()) {
                return value.asText();
            }
        }
        return null;
    }
}
