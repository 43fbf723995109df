package app.characterstudio.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One generated token with its log-probability and the top alternatives, read from a candidate's
 * {@code logprobs_json}: {@code [{"token": "你", "logprob": -0.1, "top": [{"token": .., "logprob": ..}]}, ...]}.
 */
public record TokenProbability(String token, double logprob, List<Alternative> top) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public TokenProbability {
        top = List.copyOf(top);
    }

    public double probability() {
        return Math.exp(logprob);
    }

    /** The probability in percent, e.g. "83.1%"; below 0.05% "<0.1%" rather than a misleading "0.0%". */
    public String percent() {
        return percent(probability());
    }

    public record Alternative(String token, double logprob) {
        public double probability() {
            return Math.exp(logprob);
        }

        public String percent() {
            return TokenProbability.percent(probability());
        }
    }

    /** {@code probability} (0 to 1) in percent with one decimal, "<0.1%" below 0.05%. */
    public static String percent(double probability) {
        return probability < 0.0005 ? "<0.1%" : String.format(java.util.Locale.ROOT, "%.1f%%", 100 * probability);
    }

    /** The {@code logprobs_json} value of {@code tokens}, as {@link #parse} reads it. */
    public static String toJson(List<TokenProbability> tokens) {
        com.fasterxml.jackson.databind.node.ArrayNode array = MAPPER.createArrayNode();
        for (TokenProbability token : tokens) {
            com.fasterxml.jackson.databind.node.ObjectNode node = array.addObject();
            node.put("token", token.token());
            node.put("logprob", token.logprob());
            com.fasterxml.jackson.databind.node.ArrayNode top = node.putArray("top");
            for (Alternative alternative : token.top()) {
                top.addObject().put("token", alternative.token()).put("logprob", alternative.logprob());
            }
        }
        return array.toString();
    }

    /** The tokens of a {@code logprobs_json} value; empty for null or blank. */
    public static List<TokenProbability> parse(String json) {
        List<TokenProbability> tokens = new ArrayList<>();
        if (json == null || json.isBlank()) {
            return tokens;
        }
        try {
            for (JsonNode node : MAPPER.readTree(json)) {
                List<Alternative> top = new ArrayList<>();
                for (JsonNode alternative : node.path("top")) {
                    top.add(new Alternative(alternative.path("token").asText(), alternative.path("logprob").asDouble()));
                }
                tokens.add(new TokenProbability(node.path("token").asText(), node.path("logprob").asDouble(), top));
            }
        } catch (IOException e) {
            throw new ChatException("The stored token probabilities are not valid JSON: " + e.getMessage(), e);
        }
        return tokens;
    }
}
