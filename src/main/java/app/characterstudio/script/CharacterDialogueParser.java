package app.characterstudio.script;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Index-1.9B role-play character file ({@code roleplay/character/<name>.json}): a JSON list of
 * {@code {"role_name", "role_info", "dialog": ["speaker：line", ...]}}; each {@code dialog} is a scene,
 * each of its strings a line, kept with the file line it is written on. {@code role_name} and
 * {@code role_info} are the persona's (see {@code persona.PersonaImporter}).
 */
final class CharacterDialogueParser implements ScriptParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern ROLE_NAME = Pattern.compile("\"role_name\"\\s*:");
    private static final Pattern DIALOG = Pattern.compile("\"dialog\"\\s*:\\s*\\[");

    /** Whether {@code text} looks like such a file: a JSON list whose objects have role_name and dialog. */
    static boolean looksLike(String text) {
        return text.stripLeading().startsWith("[") && ROLE_NAME.matcher(text).find() && DIALOG.matcher(text).find();
    }

    @Override
    public List<ParsedEntry> parse(String text, String fileName, ImportOptions options) {
        List<ParsedEntry> entries = new ArrayList<>();
        try (JsonParser parser = MAPPER.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new ScriptFormatException(fileName + ": a character file is a JSON list of {role_name, role_info, "
                        + "dialog} objects.");
            }
            int element = 0;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                element++;
                boolean dialog = false;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("dialog")) {
                        dialog = true;
                        readDialog(parser, value, entries, fileName, element);
                    } else {
                        parser.skipChildren();
                    }
                }
                if (!dialog) {
                    throw new ScriptFormatException(fileName + ": element " + element + " of the list has no \"dialog\".");
                }
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new ScriptFormatException(fileName + " line " + parser.currentTokenLocation().getLineNr()
                        + ": expected an object {role_name, role_info, dialog} in the list.");
            }
        } catch (IOException e) {
            throw new ScriptFormatException(fileName + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + ")", e);
        }
        return entries;
    }

    private static void readDialog(JsonParser parser, JsonToken value, List<ParsedEntry> entries, String fileName,
                                   int element) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        if (value != JsonToken.START_ARRAY) {
            throw new ScriptFormatException(fileName + " line " + line + ": \"dialog\" of element " + element
                    + " is not a list of \"speaker：line\" strings.");
        }
        entries.add(ParsedEntry.heading(line, ""));
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_STRING) {
                throw new ScriptFormatException(fileName + " line " + parser.currentTokenLocation().getLineNr()
                        + ": \"dialog\" of element " + element + " holds " + parser.getText()
                        + " where a \"speaker：line\" string belongs.");
            }
            DelimitedParser.addSpeakerLine(entries, parser.currentTokenLocation().getLineNr(), parser.getText());
        }
    }
}
