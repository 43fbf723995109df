package app.characterstudio.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP/1.1 client against a loopback server that answers with bytes written by hand. */
@Timeout(30)
class Http1ClientTest {
    private static final Http1Client.Watch PATIENT = quiet -> { };
    private ScriptedServer server;
    private Http1Client client;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedServer();
        client = new Http1Client(2_000, 20, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    @AfterEach
    void stop() throws IOException {
        client.closeIdle();
        server.close();
    }

    /** One answer: what the server writes for a request, given the socket (it may pause, or close). */
    @FunctionalInterface
    interface Answer {
        void write(OutputStream out, Socket socket) throws IOException, InterruptedException;
    }

    private static Answer bytes(String raw) {
        return (out, socket) -> out.write(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer json(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return bytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n"
                + body);
    }

    private Http1Client.Response post(String body) throws IOException {
        return client.post(server.url(), "/v1/completions", List.of("Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), null, PATIENT);
    }

    @Test
    void keptConnectionsServeTheNextRequestsAndTheRequestIsWhatWasGiven() throws IOException {
        server.answers.add(json("{\"a\":1}"));
        server.answers.add(json("{\"b\":2}"));
        server.answers.add(json("{\"c\":\"字\"}"));

        assertEquals(new Http1Client.Response(200, "{\"a\":1}"), post("{\"n\":1}"));
        assertEquals(new Http1Client.Response(200, "{\"b\":2}"), post("{\"n\":2}"));
        assertEquals(new Http1Client.Response(200, "{\"c\":\"字\"}"), post("{\"prompt\":\"你好\"}"));

        assertEquals(1, server.connections.get());
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"prompt\":\"你好\"}"), server.bodies);
        String head = server.heads.get(0);
        assertTrue(head.startsWith("POST /v1/completions HTTP/1.1\r\n"), head);
        assertTrue(head.contains("\r\nHost: 127.0.0.1:" + server.port() + "\r\n"), head);
        assertTrue(head.contains("\r\nContent-Type: application/json\r\n"), head);
    }

    @Test
    void aBasePathIsKeptBeforeTheRoute() throws IOException {
        server.answers.add(json("{}"));
        client.post(URI.create(server.url() + "/proxy/gpu"), "/v1/completions", List.of(), new byte[0], null, PATIENT);

        assertTrue(server.heads.get(0).startsWith("POST /proxy/gpu/v1/completions HTTP/1.1\r\n"), server.heads.get(0));
    }

    @Test
    void chunksWithExtensionsAndTrailersAfterAnInterimAnswerAreReadAndTheConnectionKept() throws IOException {
        server.answers.add(bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n6\r\n world\r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n"));
        server.answers.add(json("{}"));

        assertEquals(new Http1Client.Response(200, "hello world0123456789"), post("{}"));
        assertEquals(200, post("{}").status());
        assertEquals(1, server.connections.get());
    }

    @Test
    void anAnswerThatEndsAtCloseOrSaysCloseIsNotKept() throws IOException {
        server.answers.add((out, socket) -> {
            out.write("HTTP/1.0 200 OK\r\n\r\nuntil the end".getBytes(StandardCharsets.UTF_8));
            socket.close();
        });
        server.answers.add(bytes("HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 4\r\n\r\noops"));
        server.answers.add(json("{}"));

        assertEquals(new Http1Client.Response(200, "until the end"), post("{}"));
        assertEquals(new Http1Client.Response(500, "oops"), post("{}"));
        assertEquals(200, post("{}").status());
        assertEquals(3, server.connections.get());
    }

    @Test
    void aKeptConnectionThatTheServerClosedIsReplacedAndTheRequestSentAgain() throws IOException {
        server.answers.add((out, socket) -> {
            json("{\"first\":1}").write(out, socket);
            out.flush();
            socket.close();
        });
        server.answers.add(json("{\"second\":2}"));

        assertEquals("{\"first\":1}", post("{}").body());
        assertEquals("{\"second\":2}", post("{}").body());
        assertEquals(2, server.connections.get());
    }

    @Test
    void aSinkGetsTheBodyWhileTheServerIsStillSendingAndTheWatchHearsThePauses() throws IOException {
        CountDownLatch firstPartRead = new CountDownLatch(1);
        server.answers.add((out, socket) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\npart 1\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (!firstPartRead.await(5, TimeUnit.SECONDS)) {
                throw new IOException("the client never read the first part");
            }
            Thread.sleep(150);
            out.write("6\r\npart 2\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        });
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        AtomicInteger ends = new AtomicInteger();
        List<Long> pauses = new CopyOnWriteArrayList<>();
        Http1Client.Sink sink = new Http1Client.Sink() {
            @Override
            public boolean accept(byte[] bytes, int from, int to) {
                received.write(bytes, from, to - from);
                firstPartRead.countDown();
                return true;
            }

            @Override
            public void end() {
                ends.incrementAndGet();
            }
        };

        Http1Client.Response response = client.post(server.url(), "/v1/completions", List.of(), new byte[0],
                status -> status == 200 ? sink : null, pauses::add);

        assertEquals(new Http1Client.Response(200, ""), response);
        assertEquals("part 1part 2", received.toString(StandardCharsets.UTF_8));
        assertEquals(1, ends.get());
        assertTrue(pauses.size() >= 3, "the watch is told every 20 ms of quiet: " + pauses);
        assertTrue(pauses.get(pauses.size() - 1) > pauses.get(0), "the quiet grows: " + pauses);
    }

    @Test
    void theWatchGivesUpAndTheConnectionIsNotKept() throws IOException {
        server.answers.add((out, socket) -> Thread.sleep(3_000));
        long started = System.nanoTime();

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> client.post(server.url(),
                "/v1/completions", List.of(), new byte[0], null, quiet -> {
                    if (quiet > 200_000_000L) {
                        throw new IllegalStateException("quiet for " + quiet / 1_000_000 + " ms");
                    }
                }));

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis >= 200 && millis < 1_500, millis + " ms");
        assertTrue(error.getMessage().startsWith("quiet for 2"), error.getMessage());
        server.answers.add(json("{}"));
        assertEquals(200, post("{}").status());
        assertEquals(2, server.connections.get(), "the connection given up is not used again");
    }

    @Test
    void aBodyCutShortIsAnErrorAndNotSentAgain() {
        server.answers.add((out, socket) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345".getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.close();
        });

        EOFException error = assertThrows(EOFException.class, () -> post("{}"));
        assertTrue(error.getMessage().contains("5 bytes before the end"), error.getMessage());
        assertEquals(1, server.requests.get());
    }

    @Test
    void aServerThatClosesWithoutAnsweringAndAClosedPortAreErrors() throws IOException {
        server.answers.add((out, socket) -> socket.close());
        EOFException silent = assertThrows(EOFException.class, () -> post("{}"));
        assertTrue(silent.getMessage().contains("before the answer began"), silent.getMessage());

        URI closed;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + listener.getLocalPort());
        }
        assertThrows(ConnectException.class, () -> client.post(closed, "/v1/completions", List.of(), new byte[0], null,
                PATIENT));
    }

    @Test
    void aHeaderValueWithALineBreakIsRefusedBeforeAnythingIsSent() {
        assertThrows(IllegalArgumentException.class, () -> client.post(server.url(), "/v1/completions",
                List.of("Authorization", "Bearer x\r\nX-Injected: 1"), new byte[0], null, PATIENT));
        assertEquals(0, server.connections.get());
    }

    /** Accepts connections and answers each request on them with the next queued {@link Answer}. */
    private static final class ScriptedServer implements AutoCloseable {
        final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        final List<String> heads = new CopyOnWriteArrayList<>();
        final List<String> bodies = new CopyOnWriteArrayList<>();
        private final ServerSocket listener;
        private final Thread acceptor;

        ScriptedServer() throws IOException {
            listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            acceptor = new Thread(this::accept, "scripted-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + port());
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    connections.incrementAndGet();
                    Thread connection = new Thread(() -> serve(socket), "scripted-connection");
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                while (true) {
                    String head = head(in);
                    if (head == null) {
                        return;
                    }
                    heads.add(head);
                    int length = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).strip());
                        }
                    }
                    bodies.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                    requests.incrementAndGet();
                    Answer answer = answers.poll(5, TimeUnit.SECONDS);
                    if (answer == null) {
                        return;
                    }
                    answer.write(out, socket);
                    if (socket.isClosed()) {
                        return;
                    }
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            }
        }

        /** The request line and headers up to the blank line, or null when the client closed. */
        private static String head(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
            }
            return head.toString(StandardCharsets.UTF_8);
        }

        /** Stops listening; the accepting thread has ended when this returns, so nothing is accepted after. */
        @Override
        public void close() throws IOException {
            listener.close();
            try {
                acceptor.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
