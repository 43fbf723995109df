package app.characterstudio.backend;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An inference server the studio may send generation to. The API key itself is never kept: only the
 * name of the environment variable that holds it.
 *
 * @param urls        base URLs ({@code http://} or {@code https://}), without {@code /v1}; work is spread over them
 * @param model       the model name the server knows (its {@code model} field)
 * @param apiKeyEnv   the environment variable holding the API key, or empty for none
 * @param concurrency the most requests in flight at once
 * @param timeout     the longest wait for the answer's start, and between two streamed events
 */
public record Backend(String name, List<URI> urls, String model, String apiKeyEnv, int concurrency, Duration timeout) {
    /** The name of the local engine, which is no endpoint and cannot be added or removed. */
    public static final String LOCAL = "local";
    public static final int MAX_CONCURRENCY = 256;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    public Backend {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new BackendException("A backend name is 1 to 64 letters, digits, '.', '_' or '-', not \"" + name + "\".");
        }
        if (LOCAL.equals(name.toLowerCase(Locale.ROOT))) {
            throw new BackendException("\"" + LOCAL + "\" is the local engine's name; choose another for an endpoint.");
        }
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new BackendException("Backend " + name + " needs at least one URL.");
        }
        if (model == null || model.isBlank()) {
            throw new BackendException("Backend " + name + " needs the model name the server knows (--model).");
        }
        apiKeyEnv = apiKeyEnv == null ? "" : apiKeyEnv;
        if (!apiKeyEnv.isEmpty() && !ENV.matcher(apiKeyEnv).matches()) {
            throw new BackendException("--api-key-env takes the NAME of an environment variable (letters, digits, '_'), "
                    + "not a key.");
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new BackendException("Concurrency must be between 1 and " + MAX_CONCURRENCY + ", not " + concurrency + ".");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new BackendException("The timeout must be between 1 second and 1 hour, not " + timeout.toSeconds() + " s.");
        }
    }

    /**
     * Reads a comma-separated list of base URLs; each must be {@code http://} or {@code https://} with a
     * host, and carry no user info, query or fragment. A trailing {@code /} or {@code /v1} is dropped.
     */
    public static List<URI> parseUrls(String text) {
        List<URI> urls = new ArrayList<>();
        for (String part : text.split(",")) {
            String trimmed = part.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = new URI(trimmed);
            } catch (URISyntaxException e) {
                throw new BackendException("Not a URL: " + trimmed + " (" + e.getReason() + ").");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new BackendException("A backend URL must start with http:// or https://, not " + trimmed + ".");
            }
            if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new BackendException("A backend URL is scheme://host[:port][/path], without user, query or "
                        + "fragment: " + trimmed + ".");
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
            if (path.endsWith("/v1")) {
                path = path.substring(0, path.length() - 3);
            }
            urls.add(URI.create(scheme + "://" + uri.getRawAuthority() + path));
        }
        if (urls.isEmpty()) {
            throw new BackendException("No URL given.");
        }
        return urls;
    }
}
