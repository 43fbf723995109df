package app.characterstudio.reward;

import app.characterstudio.model.ModelConfig;
import app.characterstudio.model.ModelConfigReader;
import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.ModelLoadException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * How a reward model's text becomes ids around its tokenizer's: a BOS first only when {@code tokenizer_config.json}
 * says {@code "add_bos_token": true}, and {@code config.json}'s {@code eos_token_id} (the first, when a list) last
 * when it names one. Right padding uses {@code pad_token_id}, or 0.
 */
public record RewardTokens(OptionalInt bos, OptionalInt eos, int pad) {
    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";

    static RewardTokens of(ModelFolder folder) {
        JsonNode config = ModelConfigReader.readJson(folder.configFile());
        Path tokenizerConfig = folder.dir().resolve(TOKENIZER_CONFIG);
        boolean addBos = Files.isRegularFile(tokenizerConfig)
                && ModelConfigReader.readJson(tokenizerConfig).path("add_bos_token").asBoolean(false);
        OptionalInt bos = OptionalInt.empty();
        if (addBos) {
            bos = id(config, "bos_token_id", folder.configFile());
            if (bos.isEmpty()) {
                throw new ModelLoadException(tokenizerConfig + " asks for a BOS token but " + folder.configFile()
                        + " names no bos_token_id");
            }
        }
        OptionalInt pad = id(config, "pad_token_id", folder.configFile());
        return new RewardTokens(bos, id(config, "eos_token_id", folder.configFile()), pad.orElse(0));
    }

    /** The ids the model reads for PROMPT immediately followed by REPLY, encoded as one text. */
    int[] wrap(int[] textIds) {
        int extra = (bos.isPresent() ? 1 : 0) + (eos.isPresent() ? 1 : 0);
        int[] ids = new int[textIds.length + extra];
        int at = 0;
        if (bos.isPresent()) {
            ids[at++] = bos.getAsInt();
        }
        System.arraycopy(textIds, 0, ids, at, textIds.length);
        if (eos.isPresent()) {
            ids[ids.length - 1] = eos.getAsInt();
        }
        return ids;
    }

    void checkFits(ModelConfig config, Path configFile) {
        for (OptionalInt id : new OptionalInt[] {bos, eos, OptionalInt.of(pad)}) {
            if (id.isPresent() && (id.getAsInt() < 0 || id.getAsInt() >= config.vocabSize())) {
                throw new ModelLoadException(configFile + ": special token id " + id.getAsInt()
                        + " is outside the vocabulary of " + config.vocabSize());
            }
        }
    }

    private static OptionalInt id(JsonNode config, String key, Path file) {
        JsonNode node = config.get(key);
        if (node != null && node.isArray()) {
            node = node.isEmpty() ? null : node.get(0);
        }
        if (node == null || node.isNull()) {
            return OptionalInt.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new ModelLoadException(file + ": \"" + key + "\" must be a token id, found " + node);
        }
        return OptionalInt.of(node.intValue());
    }
}
