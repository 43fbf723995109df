package app.characterstudio.backend;

import app.characterstudio.store.SettingsRepository;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The workspace's backends, kept as one JSON value per backend in the database's settings
 * ({@code backend.NAME}). No API key is kept, only the name of its environment variable.
 */
public final class Backends {
    private static final String PREFIX = "backend.";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final SettingsRepository settings;

    public Backends(SettingsRepository settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Adds a backend, or replaces the one of the same name; returns true when it replaced one. */
    public boolean put(Backend backend) {
        boolean existed = find(backend.name()).isPresent();
        settings.put(PREFIX + backend.name(), toJson(backend));
        return existed;
    }

    public List<Backend> list() {
        List<Backend> backends = new ArrayList<>();
        settings.withPrefix(PREFIX).forEach((name, json) -> {
            if (!json.isEmpty()) {
                backends.add(fromJson(name, json));
            }
        });
        return backends;
    }

    public Optional<Backend> find(String name) {
        return settings.get(PREFIX + name).filter(json -> !json.isEmpty()).map(json -> fromJson(name, json));
    }

    /** The backend called {@code name}, or an error that lists the ones there are. */
    public Backend get(String name) {
        return find(name).orElseThrow(() -> new BackendException("No backend is called " + name + ". "
                + (list().isEmpty() ? "None is configured; add one with: backend add NAME --url URL --model NAME."
                        : "Configured: " + String.join(", ", list().stream().map(Backend::name).toList()) + ".")));
    }

    /** Removes a backend; false when there was none of that name. */
    public boolean remove(String name) {
        return settings.remove(PREFIX + name);
    }

    static String toJson(Backend backend) {
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode urls = node.putArray("urls");
        backend.urls().forEach(url -> urls.add(url.toString()));
        node.put("model", backend.model());
        node.put("apiKeyEnv", backend.apiKeyEnv());
        node.put("concurrency", backend.concurrency());
        node.put("timeoutSeconds", backend.timeout().toSeconds());
        return node.toString();
    }

    private static Backend fromJson(String name, String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            List<URI> urls = new ArrayList<>();
            node.path("urls").forEach(url -> urls.addAll(Backend.parseUrls(url.asText())));
            return new Backend(name, urls, node.path("model").asText(), node.path("apiKeyEnv").asText(""),
                    node.path("concurrency").asInt(), Duration.ofSeconds(node.path("timeoutSeconds").asLong()));
        } catch (IOException | BackendException e) {
            throw new BackendException("The workspace's setting for backend " + name + " is damaged (" + e.getMessage()
                    + "); add it again with backend add.", e);
        }
    }
}
