package app.characterstudio.backend;

import app.characterstudio.chat.TokenProbability;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a streamed completion's server-sent events ({@code data: {...}} lines, then {@code data: [DONE]}) into
 * candidates by {@code index}, straight from the response's bytes as {@link Http1Client} reads them.
 *
 * <p>A server sends one event per token and candidate, so this is the client's hot path: lines are cut from the
 * byte buffers without decoding them to strings, and each event is read with Jackson's streaming parser, which
 * builds no tree and makes strings only of the candidate's text (and of {@code logprobs}, when asked, as a tree).
 * An event takes effect whole or not at all: a malformed one stops the stream and is reported by
 * {@link #finish}. Lines end at {@code \n}, {@code \r\n} or {@code \r}, as the event-stream format allows.
 */
final class CompletionStreamReader implements Http1Client.Sink {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final int ERROR_SNIPPET = 300;

    private final int n;
    private final CompletionsClient.DeltaListener listener;
    private final StringBuilder[] texts;
    private final String[] finishReasons;
    private final int[] chunks;
    private final List<List<TokenProbability>> logprobs = new ArrayList<>();
    /** The choices of the event being read, applied once the whole event has parsed. */
    private final List<Delta> pending = new ArrayList<>();
    /** A line that a buffer boundary cut: its bytes so far. */
    private byte[] partial = new byte[256];
    private int partialLength;
    private volatile int events;
    private volatile boolean started;
    private volatile boolean done;
    private volatile int promptTokens = -1;
    private volatile BackendException failure;
    private volatile URI servedBy;

    private record Delta(int index, String text, String finishReason, JsonNode logprobs) {
    }

    CompletionStreamReader(int n, CompletionsClient.DeltaListener listener) {
        this.n = n;
        this.listener = listener;
        texts = new StringBuilder[n];
        finishReasons = new String[n];
        chunks = new int[n];
        for (int i = 0; i < n; i++) {
            texts[i] = new StringBuilder();
            finishReasons[i] = "";
            logprobs.add(new ArrayList<>());
        }
    }

    /** The server answered 200 and its body follows: the reader takes it from here. */
    CompletionStreamReader start(URI base) {
        servedBy = base;
        started = true;
        return this;
    }

    /** Events read so far (for messages about a stream that broke off). */
    int events() {
        return events;
    }

    /** Whether the body began to arrive: a failure after that is not retried. */
    boolean started() {
        return started;
    }

    @Override
    public boolean accept(byte[] bytes, int from, int to) {
        if (failure == null) {
            read(bytes, from, to);
        }
        return failure == null;
    }

    /**
     * Cuts {@code bytes[from, to)} into lines; a line the range ends inside waits in {@link #partial}. A {@code \r\n}
     * reads as a line and an empty one, and empty lines mean nothing here (an event is its one {@code data:} line).
     */
    private void read(byte[] bytes, int from, int to) {
        int start = from;
        while (start < to && failure == null) {
            int end = start;
            while (end < to && bytes[end] != '\n' && bytes[end] != '\r') {
                end++;
            }
            if (end == to) {
                keep(bytes, start, to);
                return;
            }
            if (partialLength == 0) {
                line(bytes, start, end);
            } else {
                keep(bytes, start, end);
                int length = partialLength;
                partialLength = 0;
                line(partial, 0, length);
            }
            start = end + 1;
        }
    }

    private void keep(byte[] bytes, int from, int to) {
        int needed = partialLength + (to - from);
        if (needed > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(needed, 2 * partial.length));
        }
        System.arraycopy(bytes, from, partial, partialLength, to - from);
        partialLength = needed;
    }

    /** One line, {@code bytes[from, to)} without its end: only {@code data:} lines mean anything here. */
    private void line(byte[] bytes, int from, int to) {
        if (!startsWith(bytes, from, to, DATA)) {
            return;
        }
        int start = from + DATA.length;
        int end = to;
        while (start < end && isBlank(bytes[start])) {
            start++;
        }
        while (end > start && isBlank(bytes[end - 1])) {
            end--;
        }
        if (end - start == DONE.length && startsWith(bytes, start, end, DONE)) {
            done = true;
            return;
        }
        try {
            readEvent(bytes, start, end);
        } catch (IOException | BackendException e) {
            String data = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            failure = new BackendException("The stream sent an event that is not a completions chunk: "
                    + data.substring(0, Math.min(data.length(), ERROR_SNIPPET)), e);
        }
    }

    /** Whitespace as {@link String#strip()} sees it, among the bytes that can be whitespace at all. */
    private static boolean isBlank(byte b) {
        return b >= 0 && Character.isWhitespace((char) b);
    }

    private static boolean startsWith(byte[] bytes, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private void readEvent(byte[] bytes, int from, int to) throws IOException {
        pending.clear();
        int usagePromptTokens = -1;
        try (JsonParser parser = JSON.createParser(bytes, from, to - from)) {
            JsonToken root = parser.nextToken();
            if (root == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("choices") && value == JsonToken.START_ARRAY) {
                        pending.clear();
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            pending.add(readChoice(parser));
                        }
                    } else if (field.equals("usage") && value == JsonToken.START_OBJECT) {
                        usagePromptTokens = readPromptTokens(parser);
                    } else {
                        parser.skipChildren();
                    }
                }
            } else if (root != null) {
                parser.skipChildren();
            }
        }
        events++;
        for (Delta delta : pending) {
            int index = delta.index();
            texts[index].append(delta.text());
            if (delta.logprobs() != null) {
                logprobs.get(index).addAll(CompletionsClient.logprobs(delta.logprobs()));
            }
            if (delta.finishReason() != null) {
                finishReasons[index] = delta.finishReason();
            }
            if (!delta.text().isEmpty()) {
                chunks[index]++;
                listener.onDelta(index, delta.text());
            }
        }
        if (usagePromptTokens >= 0) {
            promptTokens = usagePromptTokens;
        }
    }

    /** One element of {@code choices}: its fields in any order; those the studio does not use are skipped. */
    private Delta readChoice(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw outside(parser.currentToken() == JsonToken.VALUE_STRING ? '"' + parser.getText() + '"' : "");
        }
        int index = -1;
        String indexText = "";
        String text = "";
        String finishReason = null;
        JsonNode logprobsNode = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "index" -> {
                    index = asInt(parser, -1);
                    indexText = value == JsonToken.VALUE_STRING ? '"' + parser.getText() + '"'
                            : value.isScalarValue() ? parser.getText() : "";
                    parser.skipChildren();
                }
                case "text" -> text = value.isScalarValue() && value != JsonToken.VALUE_NULL ? parser.getText() : skip(parser);
                case "finish_reason" -> finishReason = value == JsonToken.VALUE_NULL ? null
                        : value.isScalarValue() ? parser.getText() : skip(parser);
                case "logprobs" -> {
                    if (value == JsonToken.START_OBJECT) {
                        logprobsNode = MAPPER.readTree(parser);
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (index < 0 || index >= n) {
            throw outside(indexText);
        }
        return new Delta(index, text, finishReason, logprobsNode);
    }

    private BackendException outside(String index) {
        return new BackendException(servedBy + " returned a choice with index " + index + ", outside 0.." + (n - 1) + ".");
    }

    /** Skips a container value; as text it counts as empty, as a tree's {@code asText} has it. */
    private static String skip(JsonParser parser) throws IOException {
        parser.skipChildren();
        return "";
    }

    /** {@code usage.prompt_tokens}, or -1 when the usage does not say. */
    private static int readPromptTokens(JsonParser parser) throws IOException {
        int tokens = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("prompt_tokens")) {
                tokens = asInt(parser, 0);
            }
            parser.skipChildren();
        }
        return tokens;
    }

    /** The current value as a number, as a tree's {@code asInt(fallback)} reads it: numbers, numeric text, else the fallback. */
    private static int asInt(JsonParser parser, int fallback) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getValueAsInt(fallback);
            case VALUE_STRING -> parser.getValueAsInt(fallback);
            case VALUE_TRUE -> 1;
            case VALUE_FALSE -> 0;
            default -> fallback;
        };
    }

    @Override
    public void end() {
        if (failure == null && partialLength > 0) {
            int length = partialLength;
            partialLength = 0;
            line(partial, 0, length);
        }
    }

    /** After the response completed: throws what went wrong in the stream, or that it never reached [DONE]. */
    void finish(URI base) {
        servedBy = base;
        if (failure != null) {
            throw failure;
        }
        if (!done) {
            throw new BackendException("The stream from " + base + " ended after " + events
                    + " events without data: [DONE]; the connection was probably cut. The replies of this "
                    + "request are lost.");
        }
    }

    CompletionResult result(URI base) {
        List<CompletionResult.Choice> choices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            choices.add(new CompletionResult.Choice(i, texts[i].toString(), finishReasons[i], logprobs.get(i),
                    logprobs.get(i).isEmpty() ? chunks[i] : logprobs.get(i).size()));
        }
        return new CompletionResult(choices, promptTokens, base);
    }
}
