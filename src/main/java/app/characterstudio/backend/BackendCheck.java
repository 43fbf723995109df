package app.characterstudio.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Checks a backend: each URL answers a one-token completion (latency), which optional request fields
 * the server accepts, and whether its token counts agree with the local tokenizer. A server that
 * refuses a field is reported, never silently sent less.
 */
public final class BackendCheck {
    /** Texts whose token counts are compared: a Character-model prompt line, Chinese, English. */
    static final List<String> SAMPLES = List.of("user: 你好，今天过得怎么样？", "三月七：嗯……让我想想！", "The quick brown fox.");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The length of the completion whose speed is measured. */
    static final int SPEED_TOKENS = 64;

    /** One base URL: whether it answered a one-token completion, and in how long. */
    public record UrlCheck(URI url, boolean ok, long latencyMillis, String error) {
    }

    /**
     * A token count of one text.
     *
     * @param server the server's count, or -1 when it gave none
     * @param local  the local tokenizer's count, or -1 when no model folder was given
     * @param source {@code "/tokenize"}, {@code "usage.prompt_tokens"} or {@code "none"}
     */
    public record TokenCount(String text, int server, int local, String source) {
        public boolean agrees() {
            return server < 0 || local < 0 || server == local;
        }
    }

    /**
     * @param parameters each optional field and whether the server accepted it
     * @param warnings   what the user should know: a URL down, a refused field, tokens that disagree
     * @param tokensPerSecond generated tokens per second of one {@value #SPEED_TOKENS}-token completion
     *                   ({@code usage.completion_tokens} over its wall time), or -1 when the server did not say
     */
    public record Report(String backend, String model, List<UrlCheck> urls, Map<String, Boolean> parameters,
                         List<TokenCount> tokens, List<String> warnings, double tokensPerSecond) {
        public Report {
            urls = List.copyOf(urls);
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            tokens = List.copyOf(tokens);
            warnings = List.copyOf(warnings);
        }

        public boolean ok() {
            return urls.stream().anyMatch(UrlCheck::ok);
        }

        /** The report in lines of text, as {@code backend check} prints it and the Backends panel shows it. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add("backend " + backend + "  model " + model);
            for (UrlCheck url : urls) {
                lines.add(url.ok() ? String.format(Locale.ROOT, "  %s  ok  %d ms", url.url(), url.latencyMillis())
                        : "  " + url.url() + "  FAILED  " + url.error());
            }
            if (tokensPerSecond >= 0) {
                lines.add(String.format(Locale.ROOT, "  speed  %.1f tokens/s (one completion)", tokensPerSecond));
            }
            if (!parameters.isEmpty()) {
                lines.add("  accepts: " + String.join(" ", parameters.entrySet().stream()
                        .filter(Map.Entry::getValue).map(Map.Entry::getKey).sorted().toList()));
                List<String> refused = parameters.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey)
                        .sorted().toList();
                if (!refused.isEmpty()) {
                    lines.add("  refuses: " + String.join(" ", refused));
                }
            }
            for (TokenCount count : tokens) {
                lines.add("  tokens  server " + count.server() + " (" + count.source() + ")  local "
                        + (count.local() < 0 ? "-" : Integer.toString(count.local())) + "  "
                        + (count.agrees() ? "" : "DISAGREE  ") + count.text());
            }
            warnings.forEach(warning -> lines.add("warning: " + warning));
            return lines;
        }
    }

    private final CompletionsClient client;

    public BackendCheck(CompletionsClient client) {
        this.client = client;
    }

    /** Runs the check; {@code localTokens} counts with the local tokenizer, or is null for none. */
    public Report run(ToIntFunction<String> localTokens) {
        Backend backend = client.backend();
        List<UrlCheck> urls = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        URI working = null;
        for (URI url : backend.urls()) {
            UrlCheck check = probe(url);
            urls.add(check);
            if (check.ok() && working == null) {
                working = url;
            } else if (!check.ok()) {
                warnings.add(url + " does not answer: " + check.error());
            }
        }
        Map<String, Boolean> parameters = new LinkedHashMap<>();
        List<TokenCount> tokens = new ArrayList<>();
        if (working != null) {
            URI url = working;
            optionalFields().forEach((field, setter) -> {
                ObjectNode body = probeBody(SAMPLES.get(0));
                setter.accept(body);
                boolean accepted = client.postTo(url, "/v1/completions", body).ok();
                parameters.put(field, accepted);
                if (!accepted) {
                    warnings.add("The server refuses \"" + field + "\"; requests that need it will fail.");
                }
            });
            for (String text : SAMPLES) {
                TokenCount count = count(url, text, localTokens);
                tokens.add(count);
                if (!count.agrees()) {
                    warnings.add("Token counts disagree for \"" + text + "\": server " + count.server() + " ("
                            + count.source() + "), local " + count.local() + ". Is the server running the same "
                            + "tokenizer as the model folder? Prompt budgets may be off.");
                }
            }
        }
        double speed = working == null ? -1 : tokensPerSecond(working);
        return new Report(backend.name(), backend.model(), urls, parameters, tokens, warnings, speed);
    }

    private double tokensPerSecond(URI url) {
        CompletionsClient.Answer answer = client.postTo(url, "/v1/completions", probeBody(SAMPLES.get(0))
                .put("max_tokens", SPEED_TOKENS));
        JsonNode body = json(answer);
        int generated = body == null ? 0 : body.path("usage").path("completion_tokens").asInt(0);
        double seconds = answer.latency().toNanos() / 1e9;
        return generated > 0 && seconds > 0 ? generated / seconds : -1;
    }

    private UrlCheck probe(URI url) {
        try {
            CompletionsClient.Answer answer = client.postTo(url, "/v1/completions", probeBody(SAMPLES.get(0)));
            if (!answer.ok()) {
                return new UrlCheck(url, false, answer.latency().toMillis(), "HTTP " + answer.status());
            }
            return new UrlCheck(url, true, answer.latency().toMillis(), "");
        } catch (BackendException e) {
            return new UrlCheck(url, false, -1, e.getMessage());
        }
    }

    private ObjectNode probeBody(String prompt) {
        ObjectNode body = client.requestBody(CompletionRequest.probe(prompt, 1));
        body.remove("seed");
        return body;
    }

    private static Map<String, Consumer<ObjectNode>> optionalFields() {
        Map<String, Consumer<ObjectNode>> fields = new LinkedHashMap<>();
        fields.put("n", body -> body.put("n", 2));
        fields.put("seed", body -> body.put("seed", 1));
        fields.put("stop", body -> body.putArray("stop").add("\n"));
        fields.put("logprobs", body -> body.put("logprobs", 5));
        fields.put("stream", body -> body.put("stream", true));
        fields.put("top_k", body -> body.put("top_k", 40));
        fields.put("repetition_penalty", body -> body.put("repetition_penalty", 1.05));
        return fields;
    }

    private TokenCount count(URI url, String text, ToIntFunction<String> localTokens) {
        int local = localTokens == null ? -1 : localTokens.applyAsInt(text);
        // vLLM reads "prompt" (and add_special_tokens), llama.cpp's server "content" (its add_special is off by
        // default); each ignores the other's fields
        ObjectNode tokenize = MAPPER.createObjectNode().put("model", client.backend().model()).put("prompt", text)
                .put("content", text).put("add_special_tokens", false);
        JsonNode answer = json(client.postTo(url, "/tokenize", tokenize));
        if (answer != null && (answer.has("count") || answer.path("tokens").isArray())) {
            return new TokenCount(text, answer.has("count") ? answer.path("count").asInt() : answer.path("tokens").size(),
                    local, "/tokenize");
        }
        JsonNode usage = json(client.postTo(url, "/v1/completions", probeBody(text)));
        if (usage != null && usage.path("usage").has("prompt_tokens")) {
            return new TokenCount(text, usage.path("usage").path("prompt_tokens").asInt(), local, "usage.prompt_tokens");
        }
        return new TokenCount(text, -1, local, "none");
    }

    private static JsonNode json(CompletionsClient.Answer answer) {
        if (!answer.ok()) {
            return null;
        }
        try {
            return MAPPER.readTree(answer.body());
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
