package app.characterstudio.backend;

import app.characterstudio.chat.ReplyGenerator;
import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.chat.TokenProbability;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chat's {@link ReplyGenerator} over an inference server: one streamed completions request per batch,
 * {@code n} candidates by index. The model name stored with each reply is {@link #provenance}:
 * {@code SERVED_MODEL@BACKEND}. A default top-k (0) or repetition penalty (1) is not sent; anything else
 * is, and a server that refuses it fails the request with its reason. The local engine ends a reply at a new
 * {@code name:} line; a server is sent the speakers of the prompt's closing dialogue as {@code stop} strings instead
 * ({@link #stopsFor}).
 */
public final class BackendReplyGenerator implements ReplyGenerator {
    /** Alternatives per token when probabilities are asked for, as the local engine keeps. */
    static final int TOP_LOGPROBS = 5;
    /** The most {@code stop} strings the OpenAI completions API takes. */
    static final int MAX_STOPS = 4;
    /** A dialogue line: a short speaker name, then an ASCII or full-width colon (the local engine's rule). */
    private static final Pattern SPEAKER = Pattern.compile("([^\n:：]{1,24})[:：]");
    private final CompletionsClient client;
    /** A 400 whose reason speaks of choices or the {@code n} field. */
    private static final Pattern ABOUT_N = Pattern.compile("(?i)choice|\\bn\\b");
    /** Set once the server refused {@code n} above 1: each candidate is then a request of its own. */
    private volatile boolean onePerRequest;

    public BackendReplyGenerator(CompletionsClient client) {
        this.client = client;
    }

    /** The model name kept with a reply generated on {@code backend}: {@code SERVED_MODEL@BACKEND}. */
    public static String provenance(Backend backend) {
        return backend.model() + "@" + backend.name();
    }

    /**
     * What an evaluation run keeps of the backend that answered it, as JSON: {@code name}, {@code served_model} and
     * {@code urls}. A run resumes only on the same description, and its weights hash is this text's SHA-256.
     */
    public static String runDescription(Backend backend) {
        com.fasterxml.jackson.databind.node.ObjectNode described = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("name", backend.name()).put("served_model", backend.model());
        backend.urls().forEach(url -> described.withArray("urls").add(url.toString()));
        return described.toString();
    }

    public Backend backend() {
        return client.backend();
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
                sampling.topP(), sampling.seed() == 0 ? null : sampling.seed(), stopsFor(prompt),
                sampling.logprobs() ? TOP_LOGPROBS : null, true, sampling.topK() == 0 ? null : sampling.topK(),
                sampling.repetitionPenalty() == 1.0 ? null : sampling.repetitionPenalty());
        List<CompletionResult.Choice> choices;
        try {
            choices = complete(request, stream, cancelled);
        } catch (CompletionsClient.Cancelled e) {
            List<GeneratedReply> replies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                replies.add(new GeneratedReply("", 0, GeneratedReply.CANCELLED, null, modelName()));
            }
            return replies;
        }
        List<GeneratedReply> replies = new ArrayList<>();
        for (CompletionResult.Choice choice : choices) {
            replies.add(new GeneratedReply(choice.text(), choice.tokens(), finishReason(choice.finishReason()),
                    sampling.logprobs() ? TokenProbability.toJson(choice.logprobs()) : null, modelName()));
        }
        return replies;
    }

    /**
     * One request of {@code n} candidates; a server that refuses {@code n} above 1 with a 400 that says why (llama.cpp's
     * server: "Only one completion choice is allowed") is asked once per candidate instead, from then on, each with its
     * own seed when one was given. Nothing is dropped: the same candidates arrive, one request each.
     */
    private List<CompletionResult.Choice> complete(CompletionRequest request, ReplyStream stream,
                                                   BooleanSupplier cancelled) {
        if (request.n() > 1 && !onePerRequest) {
            try {
                return client.complete(request, stream::onDelta, cancelled).choices();
            } catch (CompletionsClient.Refused e) {
                if (e.status() != 400 || !ABOUT_N.matcher(e.getMessage()).find()) {
                    throw e;
                }
                List<CompletionResult.Choice> first = single(request, 0, stream, cancelled);
                onePerRequest = true;
                return rest(first, request, stream, cancelled);
            }
        }
        if (request.n() == 1) {
            return client.complete(request, stream::onDelta, cancelled).choices();
        }
        return rest(List.of(), request, stream, cancelled);
    }

    private List<CompletionResult.Choice> rest(List<CompletionResult.Choice> first, CompletionRequest request,
                                               ReplyStream stream, BooleanSupplier cancelled) {
        List<CompletionResult.Choice> choices = new ArrayList<>(first);
        for (int i = choices.size(); i < request.n(); i++) {
            choices.addAll(single(request, i, stream, cancelled));
        }
        return choices;
    }

    private List<CompletionResult.Choice> single(CompletionRequest request, int index, ReplyStream stream,
                                                 BooleanSupplier cancelled) {
        CompletionRequest one = new CompletionRequest(request.prompt(), 1, request.maxTokens(), request.temperature(),
                request.topP(), request.seed() == null ? null : request.seed() + index, request.stop(),
                request.logprobs(), request.stream(), request.topK(), request.repetitionPenalty());
        CompletionResult.Choice choice = client.complete(one, (i, text) -> stream.onDelta(index, text), cancelled)
                .choices().get(0);
        return List.of(new CompletionResult.Choice(index, choice.text(), choice.finishReason(), choice.logprobs(),
                choice.tokens()));
    }

    /**
     * The {@code stop} strings for a Character-model prompt: a new line opened by one of the speakers of the
     * dialogue that closes the prompt ({@code user:你好} ... {@code 三月七:}), with the ASCII and the full-width colon.
     * At most {@value #MAX_STOPS}, the OpenAI limit: the nearest speakers first (the replying character, then the user).
     */
    static List<String> stopsFor(String prompt) {
        List<String> speakers = new ArrayList<>();
        String[] lines = prompt.split("\n", -1);
        for (int i = lines.length - 1; i >= 0 && speakers.size() < MAX_STOPS / 2; i--) {
            Matcher speaker = SPEAKER.matcher(lines[i]);
            if (!speaker.lookingAt()) {
                break;
            }
            if (!speakers.contains(speaker.group(1))) {
                speakers.add(speaker.group(1));
            }
        }
        List<String> stops = new ArrayList<>();
        for (String name : speakers) {
            stops.add("\n" + name + ":");
            stops.add("\n" + name + "：");
        }
        return stops;
    }

    /** The server's {@code "stop"} and {@code "length"} as the stored names ({@code STOP}, {@code LENGTH}). */
    static String finishReason(String serverReason) {
        return serverReason.isEmpty() ? "END_OF_TEXT" : serverReason.toUpperCase(Locale.ROOT);
    }
}
