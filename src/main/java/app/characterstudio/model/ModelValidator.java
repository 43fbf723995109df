package app.characterstudio.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks, before any compute, that a checkpoint holds every tensor the configured architecture needs, with
 * the shape the config implies. Extra tensors (rotary caches and the like) are ignored.
 */
public final class ModelValidator {
    private static final int LISTED_PROBLEMS = 12;

    private ModelValidator() {
    }

    /** Tensor names and shapes of an Index model: Llama names (Baichuan's W_pack); linear weights are [out, in]. */
    public static Map<String, long[]> expectedShapes(ModelConfig c) {
        long hidden = c.hiddenSize();
        long q = (long) c.headCount() * c.headDim();
        long kv = (long) c.kvHeadCount() * c.headDim();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("model.embed_tokens.weight", new long[] {c.vocabSize(), hidden});
        for (int i = 0; i < c.layerCount(); i++) {
            String p = "model.layers." + i + ".";
            shapes.put(p + "input_layernorm.weight", new long[] {hidden});
            if (c.packedQkv()) {
                shapes.put(p + "self_attn.W_pack.weight", new long[] {q + 2 * kv, hidden});
            } else {
                shapes.put(p + "self_attn.q_proj.weight", new long[] {q, hidden});
                shapes.put(p + "self_attn.k_proj.weight", new long[] {kv, hidden});
                shapes.put(p + "self_attn.v_proj.weight", new long[] {kv, hidden});
            }
            shapes.put(p + "self_attn.o_proj.weight", new long[] {hidden, q});
            if (c.attentionBias()) {
                shapes.put(p + "self_attn.q_proj.bias", new long[] {q});
                shapes.put(p + "self_attn.k_proj.bias", new long[] {kv});
                shapes.put(p + "self_attn.v_proj.bias", new long[] {kv});
                shapes.put(p + "self_attn.o_proj.bias", new long[] {hidden});
            }
            shapes.put(p + "post_attention_layernorm.weight", new long[] {hidden});
            shapes.put(p + "mlp.gate_proj.weight", new long[] {c.intermediateSize(), hidden});
            shapes.put(p + "mlp.up_proj.weight", new long[] {c.intermediateSize(), hidden});
            shapes.put(p + "mlp.down_proj.weight", new long[] {hidden, c.intermediateSize()});
        }
        shapes.put("model.norm.weight", new long[] {hidden});
        if (c.hasOwnLmHead()) {
            shapes.put("lm_head.weight", new long[] {c.vocabSize(), hidden});
        }
        return shapes;
    }

    /** Every mismatch, in plain words; empty when the weights fit the config. */
    public static List<String> problems(ModelConfig config, WeightSource weights) {
        List<String> problems = new ArrayList<>();
        Map<String, String> unsupported = weights instanceof MappedWeightSource mapped ? mapped.unsupported() : Map.of();
        for (Map.Entry<String, long[]> expected : expectedShapes(config).entrySet()) {
            String name = expected.getKey();
            if (!weights.names().contains(name)) {
                problems.add(unsupported.containsKey(name) ? "tensor " + name + ": " + unsupported.get(name)
                        : "missing tensor " + name);
                continue;
            }
            long[] shape = weights.info(name).shape();
            if (!Arrays.equals(shape, expected.getValue())) {
                problems.add("tensor " + name + " has shape " + Arrays.toString(shape) + " but config.json implies "
                        + Arrays.toString(expected.getValue()));
            }
        }
        return problems;
    }

    /** @throws ModelLoadException naming the weights and listing what is missing or misshapen */
    public static void validate(ModelConfig config, WeightSource weights, String source) {
        List<String> problems = problems(config, weights);
        if (!problems.isEmpty()) {
            throw new ModelLoadException(describe(source, problems));
        }
    }

    /** The tokenizer's ids must all have a row in the embedding. */
    public static void validateTokenizer(ModelConfig config, int tokenizerVocabSize, String tokenizerFile) {
        if (tokenizerVocabSize > config.vocabSize()) {
            throw new ModelLoadException(tokenizerFile + " has " + tokenizerVocabSize + " pieces but config.json's"
                    + " vocab_size is " + config.vocabSize() + ": this tokenizer belongs to another model");
        }
    }

    static String describe(String source, List<String> problems) {
        StringBuilder message = new StringBuilder(source).append(" does not fit config.json (")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").append("): ");
        message.append(String.join("; ", problems.subList(0, Math.min(LISTED_PROBLEMS, problems.size()))));
        if (problems.size() > LISTED_PROBLEMS) {
            message.append("; and ").append(problems.size() - LISTED_PROBLEMS).append(" more");
        }
        return message.toString();
    }
}
