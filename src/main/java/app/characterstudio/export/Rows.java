package app.characterstudio.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Small builders shared by the formats: JSON nodes and the role-tagged turns of a record. */
final class Rows {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Rows() {
    }

    /** One message with a neutral role ({@code system}, {@code user}, {@code assistant}). */
    record Message(String role, String content) {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** System (when non-empty), then user/assistant for each earlier exchange, then the final user turn. */
    static List<Message> prompt(ExportRecord record, PromptContext context, boolean withSystem) {
        List<Message> messages = new ArrayList<>(record.history().size() * 2 + 2);
        if (withSystem) {
            messages.add(new Message("system", context.system(record)));
        }
        for (ExportRecord.Exchange exchange : record.history()) {
            messages.add(new Message("user", exchange.user()));
            messages.add(new Message("assistant", exchange.assistant()));
        }
        messages.add(new Message("user", record.userText()));
        return messages;
    }

    /** {@code [{"role": ..., "content": ...}, ...]} as TRL and OpenAI read them. */
    static ArrayNode roleContent(List<Message> messages) {
        ArrayNode array = array();
        for (Message message : messages) {
            array.addObject().put("role", message.role()).put("content", message.content());
        }
        return array;
    }

    static ArrayNode assistant(String content) {
        return roleContent(List.of(new Message("assistant", content)));
    }

    /** ShareGPT turns: human/gpt alternating, human first, the system kept out (it has its own column). */
    static ArrayNode shareGpt(List<Message> messages) {
        ArrayNode array = array();
        for (Message message : messages) {
            if (!message.role().equals("system")) {
                array.addObject().put("from", message.role().equals("user") ? "human" : "gpt")
                        .put("value", message.content());
            }
        }
        return array;
    }

    /** Alpaca history: {@code [[q, a], ...]}. */
    static ArrayNode alpacaHistory(ExportRecord record) {
        ArrayNode history = array();
        for (ExportRecord.Exchange exchange : record.history()) {
            history.addArray().add(exchange.user()).add(exchange.assistant());
        }
        return history;
    }

    /** LLaMA-Factory's ShareGPT tags, exactly as in its docs. */
    static ObjectNode shareGptTags() {
        return object().put("role_tag", "from").put("content_tag", "value").put("user_tag", "human")
                .put("assistant_tag", "gpt").put("system_tag", "system");
    }
}
