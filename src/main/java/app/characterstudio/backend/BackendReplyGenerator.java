package app.characterstudio.backend;

import app.characterstudio.chat.ReplyGenerator;
import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.chat.TokenProbability;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Chat's {@link ReplyGenerator} over an inference server: one streamed completions request per batch,
 * {@code n} candidates by index. The model name stored with each reply is {@link #provenance}:
 * {@code SERVED_MODEL@BACKEND}. A default top-k (0) or repetition penalty (1) is not sent; anything else
 * is, and a server that refuses it fails the request with its reason.
 */
public final class BackendReplyGenerator implements ReplyGenerator {
    /** Alternatives per token when probabilities are asked for, as the local engine keeps. */
    static final int TOP_LOGPROBS = 5;
    private final CompletionsClient client;

    public BackendReplyGenerator(CompletionsClient client) {
        this.client = client;
    }

    /** The model name kept with a reply generated on {@code backend}: {@code SERVED_MODEL@BACKEND}. */
    public static String provenance(Backend backend) {
        return backend.model() + "@" + backend.name();
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public String modelName() {
        return provenance(client.backend());
    }

    @Override
    public List<GeneratedReply> generate(String prompt, int count, SamplingSettings sampling, ReplyStream stream,
                                         BooleanSupplier cancelled) {
        CompletionRequest request = new CompletionRequest(prompt, count, sampling.maxNewTokens(), sampling.temperature(),
                sampling.topP(), sampling.seed() == 0 ? null : sampling.seed(), List.of(),
                sampling.logprobs() ? TOP_LOGPROBS : null, true, sampling.topK() == 0 ? null : sampling.topK(),
                sampling.repetitionPenalty() == 1.0 ? null : sampling.repetitionPenalty());
        List<GeneratedReply> replies = new ArrayList<>();
        CompletionResult result;
        try {
            result = client.complete(request, stream::onDelta, cancelled);
        } catch (CompletionsClient.Cancelled e) {
            for (int i = 0; i < count; i++) {
                replies.add(new GeneratedReply("", 0, GeneratedReply.CANCELLED, null, modelName()));
            }
            return replies;
        }
        for (CompletionResult.Choice choice : result.choices()) {
            replies.add(new GeneratedReply(choice.text(), choice.tokens(), finishReason(choice.finishReason()),
                    sampling.logprobs() ? TokenProbability.toJson(choice.logprobs()) : null, modelName()));
        }
        return replies;
    }

    /** The server's {@code "stop"} and {@code "length"} as the stored names ({@code STOP}, {@code LENGTH}). */
    static String finishReason(String serverReason) {
        return serverReason.isEmpty() ? "END_OF_TEXT" : serverReason.toUpperCase(Locale.ROOT);
    }
}
