package app.characterstudio.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The JSON columns of a candidate, in the layout the export room reads. */
final class ChatJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ChatJson() {
    }

    /** {@code [{"text", "source", "first_line", "last_line", "score"}, ...]}, best first. */
    static String retrieval(List<RetrievedDialogue> exchanges) {
        ArrayNode array = MAPPER.createArrayNode();
        for (RetrievedDialogue exchange : exchanges) {
            ObjectNode node = array.addObject();
            node.put("text", exchange.text());
            node.put("source", exchange.source());
            node.put("first_line", exchange.firstLine());
            node.put("last_line", exchange.lastLine());
            node.put("score", exchange.score());
        }
        return write(array);
    }

    static List<RetrievedDialogue> parseRetrieval(String json) {
        List<RetrievedDialogue> exchanges = new ArrayList<>();
        if (json == null || json.isBlank()) {
            return exchanges;
        }
        try {
            for (JsonNode node : MAPPER.readTree(json)) {
                exchanges.add(new RetrievedDialogue(node.path("text").asText(), node.path("source").asText(),
                        node.path("first_line").asInt(), node.path("last_line").asInt(), node.path("score").asDouble()));
            }
        } catch (JsonProcessingException e) {
            throw new ChatException("The stored retrieval record is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return exchanges;
    }

    static String sampling(SamplingSettings sampling) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("max_new_tokens", sampling.maxNewTokens());
        node.put("temperature", sampling.temperature());
        node.put("top_k", sampling.topK());
        node.put("top_p", sampling.topP());
        node.put("repetition_penalty", sampling.repetitionPenalty());
        node.put("seed", sampling.seed());
        node.put("logprobs", sampling.logprobs());
        return write(node);
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
