package app.characterstudio.persona;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chinese key-value persona sheets as found in the wild: one object keyed {@code 姓名, 性别, 年龄...},
 * or a map of several such objects keyed by character name. Known keys map to persona fields (the
 * first of several synonyms wins; a later synonym is kept as an extra field); every unknown key
 * becomes an extra field, so nothing is dropped.
 */
public final class ChineseProfiles {
    private static final Map<String, String> KEYS = new LinkedHashMap<>();
    private static final Pattern LIST_SEPARATORS = Pattern.compile("[、，,；;/\\n]+");
    private static final Pattern RELATION = Pattern.compile("^(.+?)\\s*(?:[（(](.*)[）)]|[：:]\\s*(.*))$");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static {
        map("name", "姓名", "名字", "名称", "角色名");
        map("gender", "性别");
        map("age", "年龄");
        map("height", "身高");
        map("nicknames", "昵称", "外号", "别称", "称号");
        map("self_reference", "自称");
        map("occupation", "职业", "工作", "身份");
        map("personality", "性格", "人物性格", "性格特点");
        map("biography", "人物简介", "人物经历", "简介", "背景", "人物背景", "背景故事");
        map("relationships", "人物关系", "关系");
        map("speaking_style", "语言风格", "说话风格", "说话方式");
        map("catchphrases", "口头禅");
        map("example_lines", "经典台词", "台词", "对话示例");
        map("likes", "爱好", "喜好", "喜欢", "兴趣爱好");
        map("dislikes", "讨厌", "厌恶", "不喜欢");
        map("education", "学习经历", "教育经历", "学历");
        map("work_history", "工作经历");
        map("tags", "标签");
        map("aliases", "别名");
    }

    private ChineseProfiles() {
    }

    private static void map(String field, String... keys) {
        for (String key : keys) {
            KEYS.put(key, field);
        }
    }

    /** Whether {@code root} is one profile: it has at least one known Chinese key. */
    static boolean isProfile(ObjectNode root) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            if (KEYS.containsKey(names.next().strip())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code root} maps names to profiles: every value is an object and one is a profile. */
    static boolean isProfileMap(ObjectNode root) {
        boolean any = false;
        for (JsonNode value : root) {
            if (!value.isObject()) {
                return false;
            }
            any |= isProfile((ObjectNode) value);
        }
        return any;
    }

    /** Several profiles keyed by name; a profile without 姓名 takes its key as the name. */
    static List<Persona> fromProfileMap(ObjectNode root, String source) {
        List<Persona> personas = new ArrayList<>();
        root.fields().forEachRemaining(entry -> personas.add(fromProfile((ObjectNode) entry.getValue(),
                entry.getKey(), source + " (" + entry.getKey() + ")")));
        return personas;
    }

    /** One profile; {@code fallbackName} is used when it has no name key. */
    static Persona fromProfile(ObjectNode profile, String fallbackName, String source) {
        ObjectNode fields = NODES.objectNode();
        ArrayNode extras = fields.putArray("extra_fields");
        profile.fields().forEachRemaining(entry -> {
            String key = entry.getKey().strip();
            String field = KEYS.get(key);
            if (field == null || fields.has(field)) {
                extras.addObject().put("key", key).put("value", flatten(entry.getValue()));
            } else {
                fields.set(field, convert(field, entry.getValue()));
            }
        });
        if (fields.path("name").asText("").isBlank()) {
            fields.put("name", fallbackName);
        }
        if (fields.path("name").asText("").isBlank()) {
            throw new PersonaFormatException(source + ": the profile has no name (姓名).");
        }
        return CharacterCards.toPersona(fields, source);
    }

    private static JsonNode convert(String field, JsonNode value) {
        return switch (field) {
            case "nicknames", "catchphrases", "tags", "aliases" -> list(value, LIST_SEPARATORS);
            case "example_lines" -> list(value, Pattern.compile("\\R+"));
            case "relationships" -> relationships(value);
            default -> NODES.textNode(flatten(value));
        };
    }

    private static ArrayNode list(JsonNode value, Pattern separators) {
        ArrayNode items = NODES.arrayNode();
        if (value.isArray()) {
            value.forEach(item -> items.add(flatten(item)));
        } else {
            Arrays.stream(separators.split(flatten(value))).map(String::strip).filter(s -> !s.isEmpty())
                    .forEach(items::add);
        }
        return items;
    }

    /** {@code {"名":"关系"}}, a list of such or of strings, or text like {@code 林晓（妹妹）；王强：同事}. */
    private static ArrayNode relationships(JsonNode value) {
        ArrayNode relationships = NODES.arrayNode();
        if (value.isObject()) {
            value.fields().forEachRemaining(e -> relationships.addObject()
                    .put("name", e.getKey()).put("relation", flatten(e.getValue())));
        } else if (value.isArray()) {
            value.forEach(item -> {
                if (item.isObject() && item.size() == 1) {
                    Map.Entry<String, JsonNode> only = item.fields().next();
                    relationships.addObject().put("name", only.getKey()).put("relation", flatten(only.getValue()));
                } else {
                    relationships.add(relationship(flatten(item)));
                }
            });
        } else {
            Arrays.stream(flatten(value).split("[；;\\n]+")).map(String::strip).filter(s -> !s.isEmpty())
                    .forEach(part -> relationships.add(relationship(part)));
        }
        return relationships;
    }

    private static ObjectNode relationship(String text) {
        Matcher matcher = RELATION.matcher(text);
        if (matcher.matches()) {
            String relation = matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            return NODES.objectNode().put("name", matcher.group(1).strip()).put("relation", relation.strip());
        }
        return NODES.objectNode().put("name", text).put("relation", "");
    }

    /** A JSON value as one line of text: strings as they are, lists joined by 、, objects as JSON. */
    static String flatten(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(flatten(item)));
            return String.join("、", items);
        }
        return value.toString();
    }
}
