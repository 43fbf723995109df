package app.characterstudio.persona;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a persona file of any supported format, detected from its content: PNG card ({@code ccv3},
 * then {@code chara}), character card V2/V3 ({@code spec}), V1 card, a Studio persona sheet, a
 * Chinese profile, or a map of Chinese profiles. Nothing is written here; see
 * {@link PersonaRepository#importFile(Path)}.
 */
public final class PersonaImporter {
    /** Keys only our own persona JSON has (a V1 card or a profile has none of them). */
    private static final Set<String> OWN_KEYS = Set.of("self_reference", "speaking_style", "example_lines",
            "extra_fields", "aliases", "work_history", "nicknames", "relationships", "catchphrases", "biography",
            "creator_notes", "card", "form", "persona_text", "min_mean_line_length");

    private PersonaImporter() {
    }

    /**
     * What one file holds: the personas (ids not yet assigned), the avatar image, if any, and for Chinese
     * profiles what each key became (one review per persona; empty for the other formats).
     */
    public record Imported(String format, List<Persona> personas, byte[] avatarPng, List<ImportReview> reviews) {
        public Imported {
            personas = List.copyOf(personas);
            reviews = List.copyOf(reviews);
        }

        public Imported(String format, List<Persona> personas, byte[] avatarPng) {
            this(format, personas, avatarPng, List.of());
        }
    }

    public static Imported read(Path file) {
        return read(PersonaInput.readBytes(file), file.toString());
    }

    /** Parses {@code bytes}; {@code source} names the file in errors. */
    public static Imported read(byte[] bytes, String source) {
        if (PngCard.isPng(bytes)) {
            String json = PngCard.cardJson(bytes, source).orElseThrow(() -> new PersonaFormatException(source
                    + ": a PNG without a character card: it has no 'ccv3' or 'chara' text chunk (tEXt, zTXt or iTXt)."));
            JsonNode root = PersonaInput.parseJson(json, source + " (card chunk)");
            if (!root.isObject() || !root.has("spec")) {
                throw new PersonaFormatException(source + ": the PNG's card chunk is not a V2/V3 card (no 'spec').");
            }
            Persona persona = CharacterCards.fromCard((ObjectNode) root, source);
            return new Imported("png-card", List.of(persona), bytes);
        }
        if (PngCard.looksLikeDamagedPng(bytes, source)) {
            throw new PersonaFormatException(source + ": a damaged PNG: its first 8 bytes are not the PNG signature "
                    + "(89 50 4E 47 0D 0A 1A 0A), so the image cannot be read. The file is corrupt (cut short at the "
                    + "start, or changed on the way): export the card again from where it came.");
        }
        JsonNode root = PersonaInput.parseJson(PersonaInput.decodeUtf8(bytes, source), source);
        if (root.isArray() && isCharacterFile((ArrayNode) root)) {
            return fromCharacterFile((ArrayNode) root, source);
        }
        if (root.isArray()) {
            return fromArray((ArrayNode) root, source);
        }
        if (!root.isObject()) {
            throw new PersonaFormatException(source + ": expected a JSON object, found "
                    + root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        return fromObject((ObjectNode) root, source);
    }

    private static Imported fromObject(ObjectNode root, String source) {
        if (root.has("spec")) {
            String spec = root.path("spec").asText("");
            return new Imported(spec.equals(CharacterCards.V3_SPEC) ? "card-v3" : "card-v2",
                    List.of(CharacterCards.fromCard(root, source)), null);
        }
        if (root.has("data") && root.path("data").isObject() && root.path("data").has("name")) {
            throw new PersonaFormatException(source + ": a card with a 'data' object but no 'spec'; expected \"spec\": \""
                    + CharacterCards.V2_SPEC + "\" or \"" + CharacterCards.V3_SPEC + "\".");
        }
        if (root.has("name") && OWN_KEYS.stream().anyMatch(root::has)) {
            return new Imported("json", List.of(fromOwnJson(root, source)), null);
        }
        if (CharacterCards.looksLikeV1(root)) {
            return new Imported("card-v1", List.of(CharacterCards.fromV1(root, source)), null);
        }
        if (ChineseProfiles.isProfile(root)) {
            return profiles("profile", List.of(ChineseProfiles.fromProfile(root, "", source)));
        }
        if (ChineseProfiles.isProfileMap(root)) {
            return profiles("profiles", ChineseProfiles.fromProfileMap(root, source));
        }
        throw new PersonaFormatException(source + ": not a persona format the studio knows. Expected a character "
                + "card (\"spec\": \"chara_card_v2\" or \"chara_card_v3\"), a V1 card (name, description, personality, "
                + "scenario, first_mes, mes_example), a Chinese profile (姓名, 性别, 性格, ...), a map of such profiles "
                + "keyed by name, or a Character Studio persona.json.");
    }

    private static Imported profiles(String format, List<ChineseProfiles.Read> read) {
        return new Imported(format, read.stream().map(ChineseProfiles.Read::persona).toList(), null,
                read.stream().map(ChineseProfiles.Read::review).toList());
    }

    /**
     * Whether {@code root} is the Index-1.9B role-play character file ({@code roleplay/character/<name>.json}):
     * a list of {@code {role_name, role_info, dialog}} objects.
     */
    public static boolean isCharacterFile(ArrayNode root) {
        if (root.isEmpty()) {
            return false;
        }
        for (JsonNode element : root) {
            if (!element.isObject() || !element.has("role_name") || !element.path("dialog").isArray()) {
                return false;
            }
        }
        return true;
    }

    /**
     * One persona per role name, in order of appearance, in free-text form: its persona text is the first
     * {@code role_info} given for that name, verbatim (the pipeline writes {@code data[0]["role_info"]}).
     * The dialogues are a script (see {@code script.CharacterFolderImport}).
     */
    private static Imported fromCharacterFile(ArrayNode root, String source) {
        java.util.Map<String, String> roles = new java.util.LinkedHashMap<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode element = root.get(i);
            JsonNode name = element.get("role_name");
            if (!name.isTextual() || name.asText().isBlank()) {
                throw new PersonaFormatException(source + ": element " + (i + 1) + " has no role_name text.");
            }
            JsonNode info = element.path("role_info");
            if (!info.isMissingNode() && !info.isNull() && !info.isTextual()) {
                throw new PersonaFormatException(source + ": element " + (i + 1) + ": role_info is "
                        + info.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ", not text.");
            }
            roles.putIfAbsent(name.asText().strip(), info.isTextual() ? info.asText() : "");
        }
        List<Persona> personas = new ArrayList<>();
        roles.forEach((name, info) -> personas.add(Persona.named("", name).withPersonaText(PersonaForm.TEXT, info, null)));
        return new Imported("index-character", personas, null);
    }

    /** A JSON array of profiles or cards: each element is read as its own object. */
    private static Imported fromArray(ArrayNode root, String source) {
        List<Persona> personas = new ArrayList<>();
        List<ImportReview> reviews = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            if (!root.get(i).isObject()) {
                throw new PersonaFormatException(source + ": element " + (i + 1) + " of the list is not an object.");
            }
            Imported element = fromObject((ObjectNode) root.get(i), source + " [" + (i + 1) + "]");
            personas.addAll(element.personas());
            reviews.addAll(element.reviews());
        }
        if (personas.isEmpty()) {
            throw new PersonaFormatException(source + ": an empty list, no character to import.");
        }
        return new Imported("list", personas, null, reviews);
    }

    /** Our own sheet; unknown keys become extra fields rather than errors, the id is reassigned. */
    private static Persona fromOwnJson(ObjectNode root, String source) {
        ObjectNode known = root.objectNode();
        ArrayNode extras = known.arrayNode();
        root.properties().forEach(field -> {
            if (PersonaJson.KEYS.contains(field.getKey())) {
                known.set(field.getKey(), field.getValue());
            } else {
                extras.addObject().put("key", field.getKey()).put("value", ChineseProfiles.readable(field.getValue()));
            }
        });
        if (!extras.isEmpty()) {
            ArrayNode all = known.path("extra_fields").isArray() ? (ArrayNode) known.get("extra_fields") : known.arrayNode();
            all.addAll(extras);
            known.set("extra_fields", all);
        }
        known.put("avatar", "");
        return CharacterCards.toPersona(known, source);
    }
}
