package app.characterstudio.chat;

import java.util.Objects;

/** The services chat needs from the model and script rooms, wired by the workspace. */
public record ChatPorts(ReplyGenerator generator, TokenCounter tokenCounter, ExchangeRetriever retriever) {
    public ChatPorts {
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(tokenCounter, "tokenCounter");
        Objects.requireNonNull(retriever, "retriever");
    }

    /** No model, estimated token counts, no script exchanges: hand-written replies still work. */
    public static ChatPorts offline() {
        return new ChatPorts(ReplyGenerator.none(), TokenCounter.characterEstimate(), ExchangeRetriever.none());
    }
}
