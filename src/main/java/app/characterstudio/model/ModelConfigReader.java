package app.characterstudio.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads {@code config.json} into a {@link ModelConfig}. Unknown architectures are refused, not guessed:
 * the studio runs only what it implements (Index = Llama with a norm head).
 */
public final class ModelConfigReader {
    /**
     * The decoders the engine runs (one transformer: Index is Llama with a norm head, Baichuan-7B style is Llama with
     * q, k and v fused in one {@code W_pack}); a {@code *ForSequenceClassification} one is a reward model (no lm_head).
     */
    public static final Set<String> KNOWN_ARCHITECTURES = Set.of("IndexForCausalLM", "IndexForSequenceClassification",
            "LlamaForCausalLM", "LlamaForSequenceClassification", "BaichuanForCausalLM");
    /** {@code model_type} values of those architectures. */
    public static final Set<String> MODEL_TYPES = Set.of("index", "llama", "baichuan");
    /** Not written in Index's config.json: Llama's default, used when {@code rope_theta} is absent. */
    public static final float DEFAULT_ROPE_THETA = 10000f;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ModelConfigReader() {
    }

    public static ModelConfig read(Path configJson) {
        JsonNode root = readJson(configJson);
        return parse(root, configJson.toString());
    }

    /** A JSON object file (config.json, tokenizer_config.json), refused with its name when it is not one. */
    public static JsonNode readJson(Path file) {
        try {
            JsonNode root = MAPPER.readTree(Files.readAllBytes(file));
            if (root == null || !root.isObject()) {
                throw new ModelLoadException(file + " must hold one JSON object ({ \"field\": value, ... }), not "
                        + (root == null ? "nothing" : root.isArray() ? "an array" : "a "
                        + root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT))
                        + ".");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("missing file " + file);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ModelLoadException(JsonSyntaxMessage.of(file, e), e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static ModelConfig parse(JsonNode root, String source) {
        String architecture = architecture(root, source);
        JsonNode modelType = root.get("model_type");
        if (modelType != null && !MODEL_TYPES.contains(modelType.asText())) {
            throw new ModelLoadException(source + ": model_type \"" + modelType.asText()
                    + "\" is not supported (expected one of " + new java.util.TreeSet<>(MODEL_TYPES) + ")");
        }
        if (architecture.startsWith("Baichuan") && !root.has("max_position_embeddings")) {
            throw new ModelLoadException(source + ": a Baichuan checkpoint without max_position_embeddings uses ALiBi "
                    + "attention (Baichuan-13B), which the engine does not run; Baichuan-7B style (rotary) is supported");
        }
        JsonNode scaling = root.get("rope_scaling");
        if (scaling != null && !scaling.isNull()) {
            throw new ModelLoadException(source + ": rope_scaling " + scaling + " is not supported");
        }
        JsonNode act = root.get("hidden_act");
        if (act != null && !"silu".equals(act.asText())) {
            throw new ModelLoadException(source + ": hidden_act \"" + act.asText() + "\" is not supported (expected \"silu\")");
        }
        int hidden = positiveInt(root, "hidden_size", source);
        int layers = positiveInt(root, "num_hidden_layers", source);
        int heads = positiveInt(root, "num_attention_heads", source);
        int kvHeads = root.has("num_key_value_heads") ? positiveInt(root, "num_key_value_heads", source) : heads;
        int intermediate = positiveInt(root, "intermediate_size", source);
        int vocab = positiveInt(root, "vocab_size", source);
        int maxPositions = positiveInt(root, "max_position_embeddings", source);
        float eps = positiveFloat(root, "rms_norm_eps", source, null);
        float theta = positiveFloat(root, "rope_theta", source, DEFAULT_ROPE_THETA);
        if (hidden % heads != 0 || (hidden / heads) % 2 != 0) {
            throw new ModelLoadException(source + ": hidden_size " + hidden + " does not split into "
                    + heads + " heads of an even size");
        }
        if (heads % kvHeads != 0) {
            throw new ModelLoadException(source + ": num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        return new ModelConfig(architecture, hidden, layers, heads, kvHeads, intermediate, vocab, maxPositions, eps, theta,
                flag(root, "norm_head", source), flag(root, "tie_word_embeddings", source),
                flag(root, "attention_bias", source), dtype(root, source));
    }

    private static String architecture(JsonNode root, String source) {
        JsonNode list = root.get("architectures");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new ModelLoadException(source + ": no \"architectures\" entry; expected " + KNOWN_ARCHITECTURES);
        }
        for (JsonNode name : list) {
            if (KNOWN_ARCHITECTURES.contains(name.asText())) {
                return name.asText();
            }
        }
        throw new ModelLoadException(source + ": architecture " + list + " is not supported; the studio runs "
                + new java.util.TreeSet<>(KNOWN_ARCHITECTURES) + " (Index-1.9B family and the Llama decoders it shares)");
    }

    private static int positiveInt(JsonNode root, String key, String source) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            throw new ModelLoadException(source + ": missing \"" + key + "\"");
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() <= 0) {
            throw new ModelLoadException(source + ": \"" + key + "\" must be a positive integer, found " + node);
        }
        return node.intValue();
    }

    private static float positiveFloat(JsonNode root, String key, String source, Float fallback) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            if (fallback == null) {
                throw new ModelLoadException(source + ": missing \"" + key + "\"");
            }
            return fallback;
        }
        if (!node.isNumber() || node.doubleValue() <= 0) {
            throw new ModelLoadException(source + ": \"" + key + "\" must be a positive number, found " + node);
        }
        return node.floatValue();
    }

    /** Absent means false (Llama's defaults); Index writes {@code "norm_head": 1}. */
    private static boolean flag(JsonNode root, String key, String source) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && (node.intValue() == 0 || node.intValue() == 1)) {
            return node.intValue() == 1;
        }
        throw new ModelLoadException(source + ": \"" + key + "\" must be true/false or 1/0, found " + node);
    }

    /** Absent means float32, as in Hugging Face configs. */
    private static TensorType dtype(JsonNode root, String source) {
        JsonNode node = root.get("torch_dtype");
        if (node == null || node.isNull()) {
            return TensorType.F32;
        }
        return switch (node.asText()) {
            case "float32" -> TensorType.F32;
            case "float16" -> TensorType.F16;
            case "bfloat16" -> TensorType.BF16;
            default -> throw new ModelLoadException(source + ": torch_dtype \"" + node.asText()
                    + "\" is not supported (float32, float16, bfloat16)");
        };
    }
}
