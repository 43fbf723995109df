package app.characterstudio.model.run;

import app.characterstudio.model.ModelConfig;
import app.characterstudio.model.ModelLoadException;
import app.characterstudio.model.TensorType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a random-weight Index model folder ({@code config.json} + {@code model.safetensors}) of any shape,
 * streaming the tensors to disk in small chunks, so a real-size (1.9B) model never has to fit in the heap.
 * For benchmarks: the values are uniform noise of Llama-initialisation scale, norms are 1.
 */
public final class RandomCheckpoint {
    private static final int CHUNK_BYTES = 4 << 20;

    private RandomCheckpoint() {
    }

    /** The Index-1.9B shape with {@code layers} and {@code hidden} adjustable (heads keep their 128 dims). */
    public static ModelConfig indexShape(int layers, int hidden, int intermediate, TensorType dtype) {
        int heads = Math.max(1, hidden / 128);
        return new ModelConfig("IndexForCausalLM", hidden, layers, heads, heads, intermediate, 65029, 4096, 1e-6f,
                10000f, true, false, false, dtype);
    }

    public static void write(Path dir, ModelConfig config, TensorType dtype, long seed, LoadProgress progress) {
        try {
            Files.createDirectories(dir);
            Map<String, long[]> tensors = tensorShapes(config);
            writeConfig(dir.resolve("config.json"), config, dtype);
            Path temp = dir.resolve("model.safetensors.part");
            writeSafetensors(temp, tensors, dtype, seed, progress);
            Files.move(temp, dir.resolve("model.safetensors"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ModelLoadException("cannot write the benchmark model in " + dir + ": " + e.getMessage(), e);
        }
    }

    static Map<String, long[]> tensorShapes(ModelConfig c) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        long h = c.hiddenSize();
        long q = (long) c.headCount() * c.headDim();
        long kv = (long) c.kvHeadCount() * c.headDim();
        long inter = c.intermediateSize();
        shapes.put("model.embed_tokens.weight", new long[] {c.vocabSize(), h});
        for (int i = 0; i < c.layerCount(); i++) {
            String p = "model.layers." + i + ".";
            shapes.put(p + "input_layernorm.weight", new long[] {h});
            shapes.put(p + "self_attn.q_proj.weight", new long[] {q, h});
            shapes.put(p + "self_attn.k_proj.weight", new long[] {kv, h});
            shapes.put(p + "self_attn.v_proj.weight", new long[] {kv, h});
            shapes.put(p + "self_attn.o_proj.weight", new long[] {h, q});
            shapes.put(p + "post_attention_layernorm.weight", new long[] {h});
            shapes.put(p + "mlp.gate_proj.weight", new long[] {inter, h});
            shapes.put(p + "mlp.up_proj.weight", new long[] {inter, h});
            shapes.put(p + "mlp.down_proj.weight", new long[] {h, inter});
        }
        shapes.put("model.norm.weight", new long[] {h});
        shapes.put("lm_head.weight", new long[] {c.vocabSize(), h});
        return shapes;
    }

    private static void writeConfig(Path file, ModelConfig c, TensorType dtype) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.putArray("architectures").add(c.architecture());
        root.put("model_type", "index");
        root.put("hidden_size", c.hiddenSize());
        root.put("num_hidden_layers", c.layerCount());
        root.put("num_attention_heads", c.headCount());
        root.put("num_key_value_heads", c.kvHeadCount());
        root.put("intermediate_size", c.intermediateSize());
        root.put("vocab_size", c.vocabSize());
        root.put("max_position_embeddings", c.maxPositions());
        root.put("rms_norm_eps", c.rmsNormEps());
        root.put("rope_theta", c.ropeTheta());
        root.put("norm_head", 1);
        root.put("tie_word_embeddings", false);
        root.put("attention_bias", false);
        root.put("hidden_act", "silu");
        root.put("torch_dtype", dtype == TensorType.BF16 ? "bfloat16" : dtype == TensorType.F16 ? "float16" : "float32");
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    private static void writeSafetensors(Path file, Map<String, long[]> tensors, TensorType dtype, long seed,
                                         LoadProgress progress) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        long total = 0;
        for (Map.Entry<String, long[]> entry : tensors.entrySet()) {
            long bytes = count(entry.getValue()) * dtype.bytes();
            ObjectNode info = header.putObject(entry.getKey());
            info.put("dtype", dtype.name());
            ArrayNode shape = info.putArray("shape");
            for (long dim : entry.getValue()) {
                shape.add(dim);
            }
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        total = offset;
        byte[] headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (headerBytes.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(headerBytes);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        prefix.flip();
        long state = seed * 0x9E3779B97F4A7C15L + 1;
        long written = 0;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, prefix);
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, long[]> entry : tensors.entrySet()) {
                boolean norm = entry.getValue().length == 1;
                float scale = entry.getKey().contains("embed") || entry.getKey().contains("lm_head") ? 0.5f : 0.0346f;
                long remaining = count(entry.getValue());
                while (remaining > 0) {
                    chunk.clear();
                    int n = (int) Math.min(remaining, CHUNK_BYTES / dtype.bytes());
                    for (int i = 0; i < n; i++) {
                        state ^= state << 13;
                        state ^= state >>> 7;
                        state ^= state << 17;
                        float value = norm ? 1f : scale * ((state >>> 40) * 0x1p-23f - 1f);
                        putValue(chunk, value, dtype);
                    }
                    chunk.flip();
                    writeFully(out, chunk);
                    remaining -= n;
                    written += (long) n * dtype.bytes();
                }
                progress.update(written, total, entry.getKey());
            }
        }
    }

    private static void putValue(ByteBuffer chunk, float value, TensorType dtype) {
        switch (dtype) {
            case F32 -> chunk.putFloat(value);
            case BF16 -> chunk.putShort((short) (Float.floatToRawIntBits(value) >>> 16));
            case F16 -> chunk.putShort(halfOf(value));
        }
    }

    /** fp16 by truncation: enough for noise of magnitude below 1. */
    private static short halfOf(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = ((bits >>> 23) & 0xff) - 112;
        if (exponent <= 0) {
            return (short) sign;
        }
        return (short) (sign | (exponent << 10) | ((bits >>> 13) & 0x3ff));
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long dim : shape) {
            n *= dim;
        }
        return n;
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

}
