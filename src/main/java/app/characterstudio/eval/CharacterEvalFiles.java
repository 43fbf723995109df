package app.characterstudio.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads CharacterEval's three files as its repository's {@code data/} folder holds them, checking every item before
 * anything is stored: {@code test_data.jsonl} (one JSON array of {@code {id, role, novel_name, context}}, despite the
 * name), {@code character_profiles.json} (role -> profile object) and {@code id2metric.jsonl} (one JSON object: id ->
 * list of {@code [metric_en, metric_zh]}).
 */
public final class CharacterEvalFiles {
    public static final String TEST_DATA = "test_data.jsonl";
    public static final String PROFILES = "character_profiles.json";
    public static final String ID2METRIC = "id2metric.jsonl";
    /** CharacterEval's context lines are {@code speaker：line}, with the full-width colon. */
    public static final String SPEAKER_SEPARATOR = "：";
    private static final int MAX_PROBLEMS_SHOWN = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One test item as read; {@code id} is the JSON value as it was (a number or a string). */
    public record Item(JsonNode id, String role, String novel, String context, List<Metric> metrics) {
        public String key() {
            return id.asText();
        }
    }

    /** What the folder holds; {@code profiles} keep the file's order, and {@code profilesFile} is read again by the persona importer. */
    public record Contents(List<Item> items, Map<String, ObjectNode> profiles, Path profilesFile) {
    }

    private CharacterEvalFiles() {
    }

    public static Contents read(Path dir) {
        Path testFile = dir.resolve(TEST_DATA);
        Path profileFile = dir.resolve(PROFILES);
        Path metricFile = dir.resolve(ID2METRIC);
        JsonNode test = parse(testFile);
        JsonNode profileRoot = parse(profileFile);
        JsonNode metricRoot = parse(metricFile);
        if (!test.isArray()) {
            throw new EvalException(testFile + ": expected one JSON array of {id, role, novel_name, context} objects "
                    + "(CharacterEval's data/test_data.jsonl), found " + kind(test) + ".");
        }
        if (!profileRoot.isObject()) {
            throw new EvalException(profileFile + ": expected a JSON object of role -> profile object, found "
                    + kind(profileRoot) + ".");
        }
        if (!metricRoot.isObject()) {
            throw new EvalException(metricFile + ": expected one JSON object of id -> [[metric_en, metric_zh], ...], found "
                    + kind(metricRoot) + ".");
        }
        List<String> problems = new ArrayList<>();
        Map<String, ObjectNode> profiles = new LinkedHashMap<>();
        profileRoot.properties().forEach(entry -> {
            if (entry.getValue().isObject()) {
                profiles.put(entry.getKey(), (ObjectNode) entry.getValue());
            } else {
                problems.add(profileFile + ", role '" + entry.getKey() + "': expected a profile object, found "
                        + kind(entry.getValue()) + ".");
            }
        });
        List<Item> items = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < test.size(); i++) {
            JsonNode node = test.get(i);
            String where = testFile + ", item " + (node.isObject() && node.has("id") ? "id " + node.get("id").asText()
                    : "#" + (i + 1));
            if (!node.isObject() || !node.path("id").isValueNode() || !node.path("role").isTextual()
                    || !node.path("context").isTextual()) {
                problems.add(where + ": expected an object with id, role, novel_name and context, found "
                        + abbreviate(node.toString()) + ".");
                continue;
            }
            String key = node.get("id").asText();
            String role = node.get("role").asText();
            if (!seen.add(key)) {
                problems.add(where + ": the id appears twice.");
            }
            if (!profiles.containsKey(role)) {
                problems.add(where + ": role '" + role + "' has no profile in " + profileFile + ".");
            }
            String context = node.get("context").asText();
            String[] lines = context.split("\n", -1);
            for (int l = 0; l < lines.length; l++) {
                if (!lines[l].contains(SPEAKER_SEPARATOR)) {
                    problems.add(where + ", context line " + (l + 1) + ": expected 'speaker" + SPEAKER_SEPARATOR
                            + "line' (full-width colon), found '" + abbreviate(lines[l]) + "'.");
                }
            }
            String lastSpeaker = lines[lines.length - 1].split(SPEAKER_SEPARATOR, 2)[0];
            if (lastSpeaker.equals(role)) {
                problems.add(where + ": the context ends with a line of '" + role + "' itself; it must end with a line "
                        + "the character answers.");
            }
            JsonNode metricList = metricRoot.get(key);
            List<Metric> metrics = new ArrayList<>();
            if (metricList == null) {
                problems.add(where + ": id " + key + " is missing from " + metricFile + ".");
            } else if (!metricList.isArray() || metricList.isEmpty()) {
                problems.add(metricFile + ", id " + key + ": expected a non-empty list of [metric_en, metric_zh].");
            } else {
                for (JsonNode pair : metricList) {
                    if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                        problems.add(metricFile + ", id " + key + ": expected [metric_en, metric_zh], found "
                                + abbreviate(pair.toString()) + ".");
                    } else {
                        metrics.add(new Metric(pair.get(0).asText(), pair.get(1).asText()));
                    }
                }
            }
            items.add(new Item(node.get("id"), role, node.path("novel_name").asText(""), context, metrics));
        }
        if (items.isEmpty() && problems.isEmpty()) {
            problems.add(testFile + ": holds no test items.");
        }
        if (!problems.isEmpty()) {
            throw new EvalException("Nothing was imported: " + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + ":\n  " + String.join("\n  ",
                    problems.subList(0, Math.min(MAX_PROBLEMS_SHOWN, problems.size())))
                    + (problems.size() > MAX_PROBLEMS_SHOWN ? "\n  ... and " + (problems.size() - MAX_PROBLEMS_SHOWN)
                    + " more" : ""));
        }
        return new Contents(items, profiles, profileFile);
    }

    /** The context's lines as (speaker, text), split at the first full-width colon as CharacterEval's script does. */
    public static List<String[]> lines(String context) {
        List<String[]> lines = new ArrayList<>();
        for (String line : context.split("\n", -1)) {
            lines.add(line.split(SPEAKER_SEPARATOR, 2));
        }
        return lines;
    }

    private static JsonNode parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new EvalException(file + ": not found. A CharacterEval folder holds " + TEST_DATA + ", " + PROFILES
                    + " and " + ID2METRIC + " (the repository's data/ folder).");
        }
        try {
            return JSON.readTree(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EvalException(file + ": not JSON: " + e.getMessage(), e);
        }
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
