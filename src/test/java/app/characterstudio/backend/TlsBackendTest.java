package app.characterstudio.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * https backends: the certificate is checked against the trust store and the URL's host, and a stream whose events
 * come slower than the client's poll interval is read whole over TLS. The keystores are made by
 * {@code src/test/fixtures/make_tls_keystores.sh}.
 */
@Timeout(30)
class TlsBackendTest {
    private static final char[] PASSWORD = "loopback".toCharArray();
    private static final CompletionsClient.Retry ONCE = new CompletionsClient.Retry(1, Duration.ofMillis(10));
    private HttpsServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static KeyStore keystore(String name) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = TlsBackendTest.class.getResourceAsStream("/tls/" + name)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    /** A completions server on 127.0.0.1 presenting {@code keystore}'s certificate; it streams with pauses of 250 ms. */
    private URI serve(String keystore) throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keystore(keystore), PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/v1/completions", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String piece : List.of("安", "全", "的")) {
                    out.write(("data: {\"choices\":[{\"index\":0,\"text\":\"" + piece + "\"}]}\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(250);
                }
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Connections that trust exactly the certificate in {@code keystore}. */
    private static SSLSocketFactory trusting(String keystore) throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keystore(keystore));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private static CompletionsClient client(URI url, SSLSocketFactory tls) {
        return new CompletionsClient(new Backend("secure", List.of(url), "index", "", 2, Duration.ofSeconds(1)),
                name -> null, ONCE, tls);
    }

    private static CompletionRequest streamed() {
        return new CompletionRequest("user: 你好\n三三:", 1, 8, 0.7, 0.9, null, List.of(), null, true, null, null);
    }

    @Test
    void aTrustedCertificateForTheHostCarriesAStreamWhoseEventsComeSlowerThanThePolling() throws Exception {
        URI url = serve("loopback.p12");
        CompletionsClient client = client(url, trusting("loopback.p12"));
        List<String> deltas = Collections.synchronizedList(new ArrayList<>());

        for (int round = 0; round < 2; round++) {
            deltas.clear();
            CompletionResult result = client.complete(streamed(), (index, text) -> deltas.add(text));
            assertEquals("安全的", result.choices().get(0).text(), "round " + round);
            assertEquals(List.of("安", "全", "的"), deltas);
        }
        assertEquals(2, requests.get());
    }

    @Test
    void aCertificateTheTrustStoreDoesNotKnowIsRefusedBeforeTheRequestIsSent() throws Exception {
        URI url = serve("loopback.p12");

        BackendException error = assertThrows(BackendException.class, () -> client(url,
                (SSLSocketFactory) SSLSocketFactory.getDefault()).complete(streamed(), CompletionsClient.DeltaListener.IGNORE));

        assertTrue(error.getMessage().contains("no secure connection to " + url + " (SSLHandshakeException: PKIX"),
                error.getMessage());
        assertEquals(0, requests.get());
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        URI url = serve("other-name.p12");

        BackendException error = assertThrows(BackendException.class, () -> client(url, trusting("other-name.p12"))
                .complete(streamed(), CompletionsClient.DeltaListener.IGNORE));

        assertTrue(error.getMessage().contains("SSLHandshakeException") && error.getMessage().contains("127.0.0.1"),
                error.getMessage());
        assertEquals(0, requests.get());
    }
}
