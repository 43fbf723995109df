package app.characterstudio.persona;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Character cards V1/V2/V3 to and from personas. Mapped: name, description (biography),
 * personality, mes_example (example lines), nickname (first nickname), tags, creator_notes. Every
 * other card field is kept verbatim in {@link Persona#card()}, so exporting reproduces it; the
 * persona fields a card has no place for travel in {@code extensions.character_studio}.
 */
public final class CharacterCards {
    public static final String V2_SPEC = "chara_card_v2";
    public static final String V3_SPEC = "chara_card_v3";
    /** Our namespace inside the card's {@code extensions}. */
    public static final String EXTENSION_KEY = "character_studio";
    static final List<String> V1_FIELDS = List.of("name", "description", "personality", "scenario", "first_mes",
            "mes_example");
    private static final Set<String> MAPPED = Set.of("name", "description", "personality", "mes_example",
            "nickname", "tags", "creator_notes");
    private static final Set<String> V3_ONLY = Set.of("nickname", "assets", "creator_notes_multilingual", "source",
            "group_only_greetings", "creation_date", "modification_date");
    /** Kept card fields that export writes as empty when absent. */
    private static final List<String> DEFAULTED = List.of("scenario", "first_mes", "system_prompt",
            "post_history_instructions", "alternate_greetings", "creator", "character_version", "extensions",
            "group_only_greetings");
    private static final List<String> PERSONA_ONLY = List.of("gender", "age", "height", "nicknames",
            "self_reference", "occupation", "relationships", "speaking_style", "catchphrases", "education",
            "work_history", "likes", "dislikes", "extra_fields", "aliases", "form", "persona_text",
            "min_mean_line_length");
    /** The persona-only fields that are lists; the others are text. */
    private static final Set<String> LIST_FIELDS = Set.of("nicknames", "relationships", "catchphrases",
            "extra_fields", "aliases");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CharacterCards() {
    }

    /** Whether {@code root} looks like a V1 card: a name and at least one other of the six fields. */
    static boolean looksLikeV1(ObjectNode root) {
        return root.has("name") && V1_FIELDS.stream().filter(root::has).count() >= 2;
    }

    /** A V2 or V3 card (with {@code spec}) to a persona. */
    public static Persona fromCard(ObjectNode root, String source) {
        String spec = root.path("spec").asText("");
        String version = root.path("spec_version").asText("");
        String expectedMajor = switch (spec) {
            case V2_SPEC -> "2";
            case V3_SPEC -> "3";
            default -> throw new PersonaFormatException(source + ": unknown card spec '" + spec + "'; expected "
                    + V2_SPEC + " or " + V3_SPEC + ".");
        };
        if (!version.isEmpty() && !version.startsWith(expectedMajor)) {
            throw new PersonaFormatException(source + ": wrong spec_version '" + version + "' for " + spec
                    + "; expected " + expectedMajor + ".x.");
        }
        if (!root.path("data").isObject()) {
            throw new PersonaFormatException(source + ": a " + spec + " card needs a 'data' object.");
        }
        ObjectNode data = (ObjectNode) root.get("data");
        ObjectNode fields = NODES.objectNode();
        fields.put("name", text(data, "name", source));
        fields.put("personality", text(data, "personality", source));
        fields.put("biography", text(data, "description", source));
        fields.put("creator_notes", text(data, "creator_notes", source));
        fields.set("tags", strings(data, "tags", source));
        String nickname = text(data, "nickname", source);
        fields.set("nicknames", nickname.isEmpty() ? NODES.arrayNode() : NODES.arrayNode().add(nickname));
        fields.set("example_lines", exampleLines(text(data, "mes_example", source)));
        ObjectNode card = NODES.objectNode();
        data.properties().forEach(field -> {
            if (!MAPPED.contains(field.getKey())) {
                card.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        card.put("mes_example", text(data, "mes_example", source));
        takeOurExtension(card, fields, nickname, source);
        pruneDefaults(card);
        ObjectNode topLevel = NODES.objectNode();
        root.properties().forEach(field -> {
            if (!Set.of("spec", "spec_version", "data").contains(field.getKey()) && !V1_FIELDS.contains(field.getKey())) {
                topLevel.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        if (!topLevel.isEmpty()) {
            card.set("top_level", topLevel);
        }
        fields.set("card", card);
        return toPersona(fields, source);
    }

    /** A V1 card (six strings at the top level) to a persona; any other key becomes an extra field. */
    public static Persona fromV1(ObjectNode root, String source) {
        ObjectNode fields = NODES.objectNode();
        fields.put("name", text(root, "name", source));
        fields.put("biography", text(root, "description", source));
        fields.put("personality", text(root, "personality", source));
        fields.set("example_lines", exampleLines(text(root, "mes_example", source)));
        ObjectNode card = NODES.objectNode();
        card.put("scenario", text(root, "scenario", source));
        card.put("first_mes", text(root, "first_mes", source));
        card.put("mes_example", text(root, "mes_example", source));
        ArrayNode extras = NODES.arrayNode();
        root.properties().forEach(field -> {
            if (!V1_FIELDS.contains(field.getKey())) {
                extras.addObject().put("key", field.getKey()).put("value", ChineseProfiles.readable(field.getValue()));
            }
        });
        fields.set("extra_fields", extras);
        pruneDefaults(card);
        fields.set("card", card);
        return toPersona(fields, source);
    }

    /** The V2 card JSON tree of {@code persona}. */
    public static ObjectNode toV2(Persona persona) {
        ObjectNode root = NODES.objectNode().put("spec", V2_SPEC).put("spec_version", "2.0");
        ObjectNode data = commonData(persona);
        V3_ONLY.forEach(data::remove);
        root.set("data", data);
        return withTopLevel(root, persona);
    }

    /** The V3 card JSON tree of {@code persona}. */
    public static ObjectNode toV3(Persona persona) {
        ObjectNode root = NODES.objectNode().put("spec", V3_SPEC).put("spec_version", "3.0");
        ObjectNode data = commonData(persona);
        data.put("nickname", persona.nicknames().isEmpty() ? "" : persona.nicknames().get(0));
        if (!data.has("group_only_greetings")) {
            data.set("group_only_greetings", NODES.arrayNode());
        }
        root.set("data", data);
        return withTopLevel(root, persona);
    }

    /** Puts back the imported card's own top-level keys (outside spec, spec_version and data), after ours. */
    private static ObjectNode withTopLevel(ObjectNode root, Persona persona) {
        JsonNode topLevel = persona.card().path("top_level");
        if (topLevel.isObject()) {
            topLevel.properties().forEach(field -> {
                if (!root.has(field.getKey())) {
                    root.set(field.getKey(), field.getValue().deepCopy());
                }
            });
        }
        return root;
    }

    private static ObjectNode commonData(Persona persona) {
        ObjectNode card = persona.card().deepCopy();
        CardFields fields = CardFields.of(card);
        ObjectNode data = NODES.objectNode();
        data.put("name", persona.name());
        data.put("description", persona.biography());
        data.put("personality", persona.personality());
        data.put(CardFields.SCENARIO, fields.scenario());
        data.put(CardFields.FIRST_MESSAGE, fields.firstMessage());
        data.put("mes_example", mesExample(persona, card));
        data.put("creator_notes", persona.creatorNotes());
        data.put(CardFields.SYSTEM_PROMPT, fields.systemPrompt());
        data.put(CardFields.POST_HISTORY_INSTRUCTIONS, fields.postHistoryInstructions());
        // the card's own array, verbatim (an edit in the window has already written it there)
        data.set(CardFields.ALTERNATE_GREETINGS, card.path(CardFields.ALTERNATE_GREETINGS).isArray()
                ? card.get(CardFields.ALTERNATE_GREETINGS) : NODES.arrayNode());
        if (card.has("character_book")) {
            data.set("character_book", card.get("character_book"));
        }
        ArrayNode tags = data.putArray("tags");
        persona.tags().forEach(tags::add);
        data.put(CardFields.CREATOR, fields.creator());
        data.put(CardFields.CHARACTER_VERSION, fields.characterVersion());
        ObjectNode extensions = card.path("extensions").isObject() ? (ObjectNode) card.get("extensions") : NODES.objectNode();
        ObjectNode ours = ourExtension(persona);
        if (!ours.isEmpty()) {
            extensions.set(EXTENSION_KEY, ours);
        }
        data.set("extensions", extensions);
        for (Map.Entry<String, JsonNode> field : card.properties()) {
            if (!data.has(field.getKey()) && !field.getKey().equals("top_level")) {
                data.set(field.getKey(), field.getValue());
            }
        }
        return data;
    }

    /** Drops kept fields that export would write the same anyway: the card holds only what matters. */
    private static void pruneDefaults(ObjectNode card) {
        for (String key : DEFAULTED) {
            JsonNode value = card.get(key);
            if (value != null && (value.isTextual() ? value.asText().isEmpty() : value.isContainerNode() && value.isEmpty())) {
                card.remove(key);
            }
        }
        String mesExample = card.path("mes_example").asText("");
        if (rebuiltMesExample(linesOf(mesExample)).equals(mesExample)) {
            card.remove("mes_example");
        }
    }

    private static List<String> linesOf(String mesExample) {
        List<String> lines = new ArrayList<>();
        exampleLines(mesExample).forEach(line -> lines.add(line.asText()));
        return lines;
    }

    private static String rebuiltMesExample(List<String> lines) {
        return lines.isEmpty() ? "" : "<START>\n" + String.join("\n", lines);
    }

    /** The card's own example text when the persona's lines still match it, else lines rebuilt. */
    private static String mesExample(Persona persona, ObjectNode card) {
        String original = card.path("mes_example").asText("");
        return card.has("mes_example") && linesOf(original).equals(persona.exampleLines())
                ? original : rebuiltMesExample(persona.exampleLines());
    }

    private static ObjectNode ourExtension(Persona persona) {
        ObjectNode all = PersonaJson.toTree(persona);
        ObjectNode ours = NODES.objectNode();
        for (String key : PERSONA_ONLY) {
            JsonNode value = all.get(key);
            boolean onlyFirstNickname = key.equals("nicknames") && persona.nicknames().size() <= 1;
            if (value != null && !onlyFirstNickname && !isDefault(key, value)) {
                ours.set(key, value);
            }
        }
        return ours;
    }

    /** Empty text or list, no value, or the fields form: nothing a card needs to carry. */
    private static boolean isDefault(String key, JsonNode value) {
        if (value.isNull() || value.isNumber()) {
            return value.isNull();
        }
        return value.isTextual() ? value.asText().isEmpty() || key.equals("form") && value.asText().equals("fields")
                : value.isEmpty();
    }

    private static void takeOurExtension(ObjectNode card, ObjectNode fields, String nickname, String source) {
        JsonNode extensions = card.path("extensions");
        if (!extensions.path(EXTENSION_KEY).isObject()) {
            return;
        }
        ObjectNode ours = (ObjectNode) ((ObjectNode) extensions).remove(EXTENSION_KEY);
        for (String key : PERSONA_ONLY) {
            JsonNode value = ours.get(key);
            if (value == null || value.isNull()) {
                continue;
            }
            boolean list = LIST_FIELDS.contains(key);
            if (list ? !value.isArray() : !value.isValueNode()) {
                throw new PersonaFormatException(source + ": extensions." + EXTENSION_KEY + "." + key + " should be "
                        + (list ? "a list" : "text") + ", not "
                        + value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ".");
            }
            fields.set(key, value);
        }
        if (!nickname.isEmpty() && ours.has("nicknames") && !ours.get("nicknames").isEmpty()
                && !ours.get("nicknames").get(0).asText().equals(nickname)) {
            ((ArrayNode) fields.get("nicknames")).insert(0, nickname);
        }
    }

    /** {@code mes_example} to lines: {@code <START>} markers and blank lines dropped. */
    static ArrayNode exampleLines(String mesExample) {
        ArrayNode lines = NODES.arrayNode();
        Arrays.stream(mesExample.split("\\R"))
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.equalsIgnoreCase("<START>"))
                .forEach(lines::add);
        return lines;
    }

    static Persona toPersona(ObjectNode fields, String source) {
        try {
            return PersonaJson.mapper().treeToValue(fields, Persona.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PersonaFormatException(source + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String text(ObjectNode node, String key, String source) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isValueNode() || value.isBinary()) {
            throw new PersonaFormatException(source + ": the field '" + key + "' should be text, not "
                    + value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        return value.asText();
    }

    private static ArrayNode strings(ObjectNode node, String key, String source) {
        JsonNode value = node.get(key);
        ArrayNode result = NODES.arrayNode();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isArray()) {
            throw new PersonaFormatException(source + ": the field '" + key + "' should be a list of text.");
        }
        value.forEach(item -> result.add(item.asText()));
        return result;
    }
}
