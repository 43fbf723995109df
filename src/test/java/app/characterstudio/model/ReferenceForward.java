package app.characterstudio.model;

import java.util.HashMap;
import java.util.Map;

/**
 * The Index forward pass in plain Java floats, written like the fixture script's PyTorch one: only here to
 * prove that loaded tensors (every format, every dtype) are the tensors the reference logits came from.
 * The real transformer runs on DJL elsewhere.
 */
final class ReferenceForward {
    private final ModelConfig c;
    private final Map<String, float[]> w = new HashMap<>();

    ReferenceForward(ModelConfig config, WeightSource source) {
        this.c = config;
        for (String name : source.names()) {
            w.put(name, TensorConversions.toFloatArray(source.data(name), source.info(name).type()));
        }
        if (!w.containsKey("lm_head.weight")) {
            w.put("lm_head.weight", w.get("model.embed_tokens.weight").clone()); // tied: the head is the embedding
        }
        if (c.normHead()) {
            float[] head = w.get("lm_head.weight");
            int hidden = c.hiddenSize();
            for (int row = 0; row < c.vocabSize(); row++) {
                double norm = 0;
                for (int j = 0; j < hidden; j++) {
                    norm += (double) head[row * hidden + j] * head[row * hidden + j];
                }
                float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
                for (int j = 0; j < hidden; j++) {
                    head[row * hidden + j] *= scale;
                }
            }
        }
    }

    /** Logits [positions][vocab] of the whole sequence, no cache. */
    float[][] logits(int[] ids) {
        int seq = ids.length;
        int hidden = c.hiddenSize();
        int dim = c.headDim();
        int heads = c.headCount();
        int kvHeads = c.kvHeadCount();
        float[][] x = new float[seq][];
        for (int t = 0; t < seq; t++) {
            x[t] = new float[hidden];
            System.arraycopy(w.get("model.embed_tokens.weight"), ids[t] * hidden, x[t], 0, hidden);
        }
        for (int layer = 0; layer < c.layerCount(); layer++) {
            String p = "model.layers." + layer + ".";
            float[][] q = new float[seq][];
            float[][] k = new float[seq][];
            float[][] v = new float[seq][];
            for (int t = 0; t < seq; t++) {
                float[] h = rmsNorm(x[t], w.get(p + "input_layernorm.weight"));
                q[t] = rope(linear(p + "self_attn.q_proj", h), t, heads);
                k[t] = rope(linear(p + "self_attn.k_proj", h), t, kvHeads);
                v[t] = linear(p + "self_attn.v_proj", h);
            }
            for (int t = 0; t < seq; t++) {
                float[] attention = new float[heads * dim];
                for (int head = 0; head < heads; head++) {
                    int kvHead = head / (heads / kvHeads);
                    float[] scores = new float[t + 1];
                    float max = Float.NEGATIVE_INFINITY;
                    for (int u = 0; u <= t; u++) {
                        float dot = 0;
                        for (int j = 0; j < dim; j++) {
                            dot += q[t][head * dim + j] * k[u][kvHead * dim + j];
                        }
                        scores[u] = dot / (float) Math.sqrt(dim);
                        max = Math.max(max, scores[u]);
                    }
                    float sum = 0;
                    for (int u = 0; u <= t; u++) {
                        scores[u] = (float) Math.exp(scores[u] - max);
                        sum += scores[u];
                    }
                    for (int u = 0; u <= t; u++) {
                        for (int j = 0; j < dim; j++) {
                            attention[head * dim + j] += scores[u] / sum * v[u][kvHead * dim + j];
                        }
                    }
                }
                add(x[t], linear(p + "self_attn.o_proj", attention));
                float[] h = rmsNorm(x[t], w.get(p + "post_attention_layernorm.weight"));
                float[] gate = matVec(w.get(p + "mlp.gate_proj.weight"), h);
                float[] up = matVec(w.get(p + "mlp.up_proj.weight"), h);
                for (int j = 0; j < gate.length; j++) {
                    gate[j] = gate[j] / (1 + (float) Math.exp(-gate[j])) * up[j];
                }
                add(x[t], matVec(w.get(p + "mlp.down_proj.weight"), gate));
            }
        }
        float[][] logits = new float[seq][];
        for (int t = 0; t < seq; t++) {
            logits[t] = matVec(w.get("lm_head.weight"), rmsNorm(x[t], w.get("model.norm.weight")));
        }
        return logits;
    }

    private float[] rmsNorm(float[] x, float[] weight) {
        float squares = 0;
        for (float value : x) {
            squares += value * value;
        }
        float scale = (float) (1 / Math.sqrt(squares / x.length + c.rmsNormEps()));
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * scale * weight[i];
        }
        return out;
    }

    /** Hugging Face's rotate_half convention: pairs (i, i + dim/2) of each head. */
    private float[] rope(float[] x, int position, int heads) {
        int dim = c.headDim();
        for (int head = 0; head < heads; head++) {
            for (int i = 0; i < dim / 2; i++) {
                float invFreq = (float) (1 / Math.pow(c.ropeTheta(), (2.0 * i) / dim));
                float angle = position * invFreq;
                float cos = (float) Math.cos(angle);
                float sin = (float) Math.sin(angle);
                int a = head * dim + i;
                int b = a + dim / 2;
                float x1 = x[a];
                float x2 = x[b];
                x[a] = x1 * cos - x2 * sin;
                x[b] = x2 * cos + x1 * sin;
            }
        }
        return x;
    }

    /** W x, plus the bias when the checkpoint has one (attention_bias). */
    private float[] linear(String name, float[] x) {
        float[] y = matVec(w.get(name + ".weight"), x);
        float[] bias = w.get(name + ".bias");
        if (bias != null) {
            add(y, bias);
        }
        return y;
    }

    private static float[] matVec(float[] matrix, float[] vector) {
        int in = vector.length;
        float[] out = new float[matrix.length / in];
        for (int row = 0; row < out.length; row++) {
            float sum = 0;
            for (int j = 0; j < in; j++) {
                sum += matrix[row * in + j] * vector[j];
            }
            out[row] = sum;
        }
        return out;
    }

    private static void add(float[] target, float[] delta) {
        for (int i = 0; i < target.length; i++) {
            target[i] += delta[i];
        }
    }
}
