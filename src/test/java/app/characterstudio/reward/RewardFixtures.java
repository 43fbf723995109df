package app.characterstudio.reward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reference pairs of the tiny reward fixtures, and a safetensors writer for the bad-input tests. */
final class RewardFixtures {
    record Pair(RewardInput input, int[] ids, double score) {
    }

    record Tensor(long[] shape, float[] values) {
    }

    private RewardFixtures() {
    }

    static List<Pair> reference(Path folder) {
        try {
            JsonNode root = new ObjectMapper().readTree(folder.resolve("reference.json").toFile());
            List<Pair> pairs = new ArrayList<>();
            for (JsonNode p : root.get("pairs")) {
                int[] ids = new int[p.get("ids").size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = p.get("ids").get(i).intValue();
                }
                pairs.add(new Pair(new RewardInput(p.get("prompt").asText(), p.get("reply").asText()), ids,
                        p.get("score").doubleValue()));
            }
            return pairs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes F32 tensors as a safetensors file (header, then the data in order). */
    static void writeSafetensors(Path file, Map<String, Tensor> tensors) {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            long end = offset + 4L * e.getValue().values().length;
            header.append(header.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",")
                    .append("\"shape\":").append(java.util.Arrays.toString(e.getValue().shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        byte[] json = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        tensors.values().forEach(t -> {
            for (float v : t.values()) {
                out.putFloat(v);
            }
        });
        try {
            Files.write(file, out.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Tensor> valueHead(float[] weight, float bias) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put(RewardHeads.V_HEAD_WEIGHT, new Tensor(new long[] {1, weight.length}, weight));
        tensors.put(RewardHeads.V_HEAD_BIAS, new Tensor(new long[] {1}, new float[] {bias}));
        return tensors;
    }
}
