package app.characterstudio.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A shard index ({@code model.safetensors.index.json} or {@code pytorch_model.bin.index.json}):
 * which file of the folder holds each tensor.
 */
public record ShardIndex(Path indexFile, Map<String, Path> weightMap) {
    public ShardIndex {
        weightMap = Collections.unmodifiableMap(new LinkedHashMap<>(weightMap));
    }

    public static ShardIndex read(Path indexFile) {
        JsonNode map = ModelConfigReader.readJson(indexFile).get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new ModelLoadException(indexFile + ": no \"weight_map\" of tensor names to files");
        }
        Path dir = indexFile.toAbsolutePath().getParent();
        Map<String, Path> weightMap = new LinkedHashMap<>();
        map.properties().forEach(entry -> {
            String file = entry.getValue().asText();
            Path resolved = dir.resolve(file).normalize();
            if (!entry.getValue().isTextual() || file.isEmpty() || !dir.equals(resolved.getParent())) {
                throw new ModelLoadException(indexFile + ": tensor " + entry.getKey()
                        + " names \"" + file + "\", which is not a file of this folder");
            }
            weightMap.put(entry.getKey(), resolved);
        });
        return new ShardIndex(indexFile, weightMap);
    }

    /** The shard files, in the order the index first names them. */
    public List<Path> files() {
        return List.copyOf(new LinkedHashSet<>(weightMap.values()));
    }
}
