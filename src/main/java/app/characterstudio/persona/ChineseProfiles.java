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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chinese key-value persona sheets as found in the wild: one object keyed {@code 姓名, 性别, 年龄...},
 * or a map of several such objects keyed by character name. Known keys map to persona fields (the
 * first of several synonyms wins; a later synonym merges into a list field, and for a text field is
 * kept as an extra field unless it repeats what the field says); every unknown key becomes an extra
 * field unless its text repeats a field. Nested objects and lists are written as readable text
 * ({@code 获得雷灵珠——在雷泽深处…}), never as raw JSON. Each profile comes with an {@link ImportReview}
 * saying what each key became.
 */
public final class ChineseProfiles {
    private static final Map<String, String> KEYS = new LinkedHashMap<>();
    private static final Pattern LIST_SEPARATORS = Pattern.compile("[、，,；;/\\n]+");
    private static final Pattern RELATION = Pattern.compile("^(.+?)\\s*(?:[（(](.*)[）)]|[：:]\\s*(.*))$");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Keys that describe one event or item: such an object reads as its values joined by ——. */
    private static final Set<String> DESCRIPTOR_KEYS = Set.of("事件", "名称", "标题", "内容", "经过", "描述", "详情",
            "结果", "影响", "时间", "地点", "原因", "说明", "概述", "过程");
    private static final Set<String> LIST_FIELDS = Set.of("nicknames", "catchphrases", "tags", "aliases",
            "example_lines", "relationships");
    /** How a field is named in the persona block (and the review). */
    private static final Map<String, String> LABELS = Map.ofEntries(Map.entry("name", "姓名"),
            Map.entry("gender", "性别"), Map.entry("age", "年龄"), Map.entry("height", "身高"),
            Map.entry("nicknames", "昵称"), Map.entry("self_reference", "自称"), Map.entry("occupation", "职业"),
            Map.entry("personality", "性格"), Map.entry("biography", "人物简介"), Map.entry("relationships", "人物关系"),
            Map.entry("speaking_style", "语言风格"), Map.entry("catchphrases", "口头禅"),
            Map.entry("example_lines", "经典台词"), Map.entry("likes", "喜欢"), Map.entry("dislikes", "讨厌"),
            Map.entry("education", "学习经历"), Map.entry("work_history", "工作经历"), Map.entry("tags", "标签"),
            Map.entry("aliases", "别名"));

    /** A profile read: the persona and what each of its keys became. */
    record Read(Persona persona, ImportReview review) {
    }

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
    static List<Read> fromProfileMap(ObjectNode root, String source) {
        List<Read> read = new ArrayList<>();
        root.properties().forEach(entry -> read.add(fromProfile((ObjectNode) entry.getValue(),
                entry.getKey(), source + " (" + entry.getKey() + ")")));
        return read;
    }

    /** One profile; {@code fallbackName} is used when it has no name key. */
    static Read fromProfile(ObjectNode profile, String fallbackName, String source) {
        ObjectNode fields = NODES.objectNode();
        Map<String, String> extras = new LinkedHashMap<>();
        Map<String, ImportReview.KeyMapping> review = new LinkedHashMap<>();
        profile.properties().forEach(entry -> {
            String key = entry.getKey().strip();
            String field = KEYS.get(key);
            if (field != null && !fields.has(field)) {
                fields.set(field, convert(field, entry.getValue()));
                review.put(key, mapping(key, ImportReview.Outcome.FIELD, LABELS.get(field) + " (" + field + ")",
                        entry.getValue()));
            } else if (field != null && LIST_FIELDS.contains(field)) {
                int added = mergeList((ArrayNode) fields.get(field), (ArrayNode) convert(field, entry.getValue()));
                review.put(key, added == 0
                        ? new ImportReview.KeyMapping(key, ImportReview.Outcome.DUPLICATE, "dropped: already in " + LABELS.get(field))
                        : new ImportReview.KeyMapping(key, ImportReview.Outcome.MERGED, "merged into " + LABELS.get(field)));
            } else if (field != null && longerVersion(readable(entry.getValue()), fields.get(field).asText())) {
                fields.put(field, readable(entry.getValue()));
                review.put(key, mapping(key, ImportReview.Outcome.MERGED, "merged into " + LABELS.get(field)
                        + " (it repeats that text and adds more)", entry.getValue()));
            } else {
                String text = readable(entry.getValue());
                if (text.isBlank()) {
                    review.put(key, new ImportReview.KeyMapping(key, ImportReview.Outcome.EMPTY, "dropped: empty"));
                } else {
                    extras.put(key, text);
                    review.put(key, mapping(key, ImportReview.Outcome.EXTRA, "extra field " + key, entry.getValue()));
                }
            }
        });
        dropRepeatedExtras(fields, extras, review);
        ArrayNode extraFields = fields.putArray("extra_fields");
        extras.forEach((key, value) -> extraFields.addObject().put("key", key).put("value", value));
        if (fields.path("name").asText("").isBlank()) {
            fields.put("name", fallbackName);
        }
        if (fields.path("name").asText("").isBlank()) {
            throw new PersonaFormatException(source + ": the profile has no name (姓名).");
        }
        Persona persona = CharacterCards.toPersona(fields, source);
        return new Read(persona, new ImportReview(persona.name(), List.copyOf(review.values())));
    }

    /** Whether {@code text} says all that {@code existing} says and more. */
    private static boolean longerVersion(String text, String existing) {
        return !existing.isBlank() && text.contains(existing) && !existing.contains(text);
    }

    private static ImportReview.KeyMapping mapping(String key, ImportReview.Outcome outcome, String became,
                                                   JsonNode value) {
        return new ImportReview.KeyMapping(key, outcome, became + (value.isContainerNode() && !value.isEmpty()
                ? " (nested values written as text)" : ""));
    }

    /** Adds the items of {@code more} that {@code list} lacks (relationships by name); returns how many. */
    private static int mergeList(ArrayNode list, ArrayNode more) {
        int added = 0;
        for (JsonNode item : more) {
            boolean present = false;
            for (JsonNode existing : list) {
                present |= item.isObject() ? existing.path("name").equals(item.path("name")) : existing.equals(item);
            }
            if (!present) {
                list.add(item);
                added++;
            }
        }
        return added;
    }

    /** An extra field whose text a text field (or an earlier extra) already holds says nothing new: dropped. */
    private static void dropRepeatedExtras(ObjectNode fields, Map<String, String> extras,
                                           Map<String, ImportReview.KeyMapping> review) {
        Map<String, String> said = new LinkedHashMap<>();
        fields.properties().forEach(e -> {
            if (e.getValue().isTextual()) {
                said.put(LABELS.get(e.getKey()), e.getValue().asText());
            }
        });
        for (var iterator = extras.entrySet().iterator(); iterator.hasNext(); ) {
            Map.Entry<String, String> extra = iterator.next();
            String value = extra.getValue().strip();
            String where = said.entrySet().stream().filter(e -> e.getValue().contains(value)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            if (where != null) {
                iterator.remove();
                review.put(extra.getKey(), new ImportReview.KeyMapping(extra.getKey(), ImportReview.Outcome.DUPLICATE,
                        "dropped: already in " + where));
            } else {
                said.put(extra.getKey(), value);
            }
        }
    }

    private static JsonNode convert(String field, JsonNode value) {
        return switch (field) {
            case "nicknames", "catchphrases", "tags", "aliases" -> list(value, LIST_SEPARATORS);
            case "example_lines" -> list(value, Pattern.compile("\\R+"));
            case "relationships" -> relationships(value);
            default -> NODES.textNode(readable(value));
        };
    }

    private static ArrayNode list(JsonNode value, Pattern separators) {
        ArrayNode items = NODES.arrayNode();
        if (value.isArray()) {
            value.forEach(item -> items.add(readable(item)));
        } else {
            Arrays.stream(separators.split(readable(value))).map(String::strip).filter(s -> !s.isEmpty())
                    .forEach(items::add);
        }
        return items;
    }

    /** {@code {"名":"关系"}}, a list of such or of strings, or text like {@code 林晓（妹妹）；王强：同事}. */
    private static ArrayNode relationships(JsonNode value) {
        ArrayNode relationships = NODES.arrayNode();
        if (value.isObject()) {
            value.properties().forEach(e -> relationships.addObject()
                    .put("name", e.getKey()).put("relation", readable(e.getValue())));
        } else if (value.isArray()) {
            value.forEach(item -> {
                if (item.isObject() && item.size() == 1) {
                    Map.Entry<String, JsonNode> only = item.properties().iterator().next();
                    relationships.addObject().put("name", only.getKey()).put("relation", readable(only.getValue()));
                } else {
                    relationships.add(relationship(readable(item)));
                }
            });
        } else {
            Arrays.stream(readable(value).split("[；;\\n]+")).map(String::strip).filter(s -> !s.isEmpty())
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

    /**
     * A JSON value as readable text, never JSON: strings as they are; lists joined by 、 (by ； when an
     * item is itself structured); an object describing one event or item ({@code 事件, 经过, 结果...})
     * as its values joined by ——, any other object as {@code key：value} pairs joined by ；, a nested
     * object in （…）. Empty parts are left out.
     */
    static String readable(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isValueNode()) {
            return value.asText().strip();
        }
        List<String> parts = new ArrayList<>();
        boolean structured = false;
        if (value.isArray()) {
            for (JsonNode item : value) {
                structured |= item.isContainerNode();
                addIfFilled(parts, readable(item));
            }
            return String.join(structured ? "；" : "、", parts);
        }
        boolean descriptive = true;
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            descriptive &= DESCRIPTOR_KEYS.contains(names.next().strip());
        }
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String text = readable(field.getValue());
            if (text.isEmpty()) {
                continue;
            }
            if (descriptive) {
                parts.add(text);
            } else {
                parts.add(field.getKey().strip() + (field.getValue().isObject() ? "（" + text + "）" : "：" + text));
            }
        }
        return String.join(descriptive ? "——" : "；", parts);
    }

    private static void addIfFilled(List<String> parts, String text) {
        if (!text.isEmpty()) {
            parts.add(text);
        }
    }
}
