package app.characterstudio.backend;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The HTTP/1.1 that the completions API needs, spoken on the calling thread: a POST, then its answer read as it
 * arrives, on connections kept open per server between requests.
 *
 * <p>Why not {@code java.net.http.HttpClient}: it passes every read from its selector thread to a worker through
 * several asynchronous stages, and cost more CPU per streamed request than the whole completions protocol
 * ({@code bench backend}). Here the caller's thread, which waits for the answer anyway, reads its own socket.
 * A read waits at most one poll interval, so the caller's {@link Watch} sees a stop, an interrupt or a server
 * that has gone quiet for too long within that interval.
 *
 * <p>Connections: a kept-alive connection idle for {@link #IDLE_NANOS} is closed rather than reused (servers such
 * as uvicorn close theirs after 5 s); one that the server closed anyway is noticed because the answer does not
 * begin, and the request is sent again once on a new connection. TLS uses the JDK's trust store and host name
 * verification. No proxy is used and no redirect is followed: a 3xx is an answer like any other.
 */
final class Http1Client {
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(4);
    /** The longest single connection attempt: a stop is seen at least this often while a server does not answer. */
    private static final int CONNECT_SLICE_MILLIS = 1_000;
    private static final int BUFFER = 16 * 1024;
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    /** Where a 200's body goes as it arrives. */
    interface Sink {
        /** Takes {@code bytes[from, to)}; false stops the reading (the connection is then closed). */
        boolean accept(byte[] bytes, int from, int to);

        /** The body is complete. */
        void end();
    }

    /** Told at each poll interval without a byte from the server; throws (unchecked) to give the request up. */
    @FunctionalInterface
    interface Watch {
        /** @param quietNanos time since the request was sent or the last byte arrived; 0 while connecting */
        void quiet(long quietNanos);
    }

    /** A status with its body as text; the body is empty when a {@link Sink} took it. */
    record Response(int status, String body) {
    }

    private final int connectMillis;
    private final int pollMillis;
    private final SSLSocketFactory tls;
    private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();

    Http1Client(int connectMillis, int pollMillis, SSLSocketFactory tls) {
        this.connectMillis = connectMillis;
        this.pollMillis = pollMillis;
        this.tls = tls;
    }

    /**
     * POSTs {@code body} to {@code path} under {@code base} with {@code headers} (name, value pairs) and reads the
     * answer; {@code sinks} is asked, once the status is known, where the body goes (null: into the response).
     */
    Response post(URI base, String path, List<String> headers, byte[] body, IntFunction<Sink> sinks, Watch watch)
            throws IOException {
        byte[] request = request(base, path, headers, body);
        String key = base.getScheme() + "://" + base.getRawAuthority();
        while (true) {
            Connection reused = takeIdle(key);
            Connection connection = reused != null ? reused : open(base, watch);
            try {
                Response response = connection.exchange(request, sinks, watch, reused != null);
                if (connection.reusable) {
                    connection.idleSince = System.nanoTime();
                    idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).push(connection);
                } else {
                    connection.close();
                }
                return response;
            } catch (Stale stale) {
                connection.close();
            } catch (IOException | RuntimeException | Error e) {
                connection.close();
                throw e;
            }
        }
    }

    /** Closes the connections kept for reuse. */
    void closeIdle() {
        idle.values().forEach(connections -> {
            Connection connection;
            while ((connection = connections.poll()) != null) {
                connection.close();
            }
        });
    }

    private Connection takeIdle(String key) {
        ConcurrentLinkedDeque<Connection> connections = idle.get(key);
        if (connections == null) {
            return null;
        }
        Connection connection;
        while ((connection = connections.poll()) != null) {
            if (System.nanoTime() - connection.idleSince < IDLE_NANOS) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private static byte[] request(URI base, String path, List<String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(256);
        String prefix = base.getRawPath() == null ? "" : base.getRawPath();
        head.append("POST ").append(prefix).append(path).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(base.getRawAuthority()).append("\r\n");
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            String name = headers.get(i);
            String value = headers.get(i + 1);
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header " + name + " holds a line break");
            }
            head.append(name).append(": ").append(value).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /**
     * Connects, in attempts of at most {@link #CONNECT_SLICE_MILLIS} so that {@code watch} is asked between them,
     * then shakes hands for https. A plain socket, not a channel's: its reads with a timeout cost one system call
     * when bytes are waiting, where a channel's adaptor switches the socket's blocking mode around every read.
     */
    private Connection open(URI base, Watch watch) throws IOException {
        boolean secure = "https".equalsIgnoreCase(base.getScheme());
        int port = base.getPort() != -1 ? base.getPort() : secure ? 443 : 80;
        InetSocketAddress address = new InetSocketAddress(base.getHost(), port);
        if (address.isUnresolved()) {
            throw new UnknownHostException(base.getHost());
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(connectMillis);
        Socket socket;
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("connect timed out after " + connectMillis + " ms");
            }
            socket = new Socket();
            try {
                socket.connect(address, (int) Math.min(left, CONNECT_SLICE_MILLIS));
                break;
            } catch (SocketTimeoutException e) {
                socket.close();
                watch.quiet(0);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }
        try {
            socket.setTcpNoDelay(true);
            if (secure) {
                SSLSocket secured = (SSLSocket) tls.createSocket(socket, base.getHost(), port, true);
                SSLParameters parameters = secured.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secured.setSSLParameters(parameters);
                secured.setSoTimeout(connectMillis);
                secured.startHandshake();
                socket = secured;
            }
            socket.setSoTimeout(pollMillis);
            return new Connection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A reused connection that the server had closed: nothing of the answer arrived, so it may be sent again. */
    private static final class Stale extends IOException {
        private static final long serialVersionUID = 1L;

        Stale(Throwable cause) {
            super("the kept connection was closed by the server", cause);
        }
    }

    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER];
        private int position;
        private int limit;
        private long lastByte;
        private boolean anyByte;
        volatile long idleSince;
        boolean reusable;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        Response exchange(byte[] request, IntFunction<Sink> sinks, Watch watch, boolean reused) throws IOException {
            reusable = false;
            anyByte = false;
            lastByte = System.nanoTime();
            try {
                out.write(request);
                out.flush();
                return read(sinks, watch);
            } catch (IOException e) {
                if (reused && !anyByte) {
                    throw new Stale(e);
                }
                throw e;
            }
        }

        private Response read(IntFunction<Sink> sinks, Watch watch) throws IOException {
            String statusLine;
            Headers headers;
            int status;
            do {
                statusLine = line(watch);
                status = status(statusLine);
                headers = headers(watch);
            } while (status >= 100 && status < 200 && status != 101);
            boolean http11 = statusLine.startsWith("HTTP/1.1");
            Sink sink = sinks == null ? null : sinks.apply(status);
            ByteArrayOutputStream text = sink == null ? new ByteArrayOutputStream() : null;
            BodyTarget target = sink != null ? sink::accept : (bytes, from, to) -> {
                text.write(bytes, from, to - from);
                return true;
            };
            boolean complete;
            if (status == 204 || status == 304) {
                complete = true;
            } else if (headers.chunked) {
                complete = chunked(target, watch);
            } else if (headers.length >= 0) {
                complete = counted(headers.length, target, watch);
            } else {
                complete = untilClosed(target, watch);
                headers.close = true;
            }
            if (complete && sink != null) {
                sink.end();
            }
            reusable = complete && http11 && !headers.close;
            return new Response(status, text == null ? "" : text.toString(StandardCharsets.UTF_8));
        }

        /** Where body bytes go; false stops the reading. */
        private interface BodyTarget {
            boolean accept(byte[] bytes, int from, int to);
        }

        private boolean chunked(BodyTarget target, Watch watch) throws IOException {
            while (true) {
                String sizeLine = line(watch);
                int extension = sizeLine.indexOf(';');
                long size;
                try {
                    size = Long.parseLong((extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("the server sent a bad chunk size: " + sizeLine);
                }
                if (size < 0) {
                    throw new IOException("the server sent a bad chunk size: " + sizeLine);
                }
                if (size == 0) {
                    while (!line(watch).isEmpty()) {
                        // trailer fields: none are used
                    }
                    return true;
                }
                if (!counted(size, target, watch)) {
                    return false;
                }
                if (!line(watch).isEmpty()) {
                    throw new IOException("the server sent a chunk longer than its size");
                }
            }
        }

        private boolean counted(long length, BodyTarget target, Watch watch) throws IOException {
            long remaining = length;
            while (remaining > 0) {
                if (position == limit && fill(watch) < 0) {
                    throw new EOFException("the connection closed " + remaining + " bytes before the end of the answer");
                }
                int take = (int) Math.min(remaining, limit - position);
                boolean more = target.accept(buffer, position, position + take);
                position += take;
                remaining -= take;
                if (!more) {
                    return false;
                }
            }
            return true;
        }

        private boolean untilClosed(BodyTarget target, Watch watch) throws IOException {
            while (position < limit || fill(watch) >= 0) {
                boolean more = target.accept(buffer, position, limit);
                position = limit;
                if (!more) {
                    return false;
                }
            }
            return true;
        }

        private static final class Headers {
            long length = -1;
            boolean chunked;
            boolean close;
        }

        private Headers headers(Watch watch) throws IOException {
            Headers headers = new Headers();
            int total = 0;
            for (String line = line(watch); !line.isEmpty(); line = line(watch)) {
                total += line.length();
                if (total > MAX_HEADER_BYTES) {
                    throw new IOException("the server's headers are longer than " + MAX_HEADER_BYTES + " bytes");
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> {
                        try {
                            headers.length = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            headers.length = -1;
                        }
                        if (headers.length < 0) {
                            throw new IOException("the server sent a bad Content-Length: " + value);
                        }
                    }
                    case "transfer-encoding" -> headers.chunked = value.endsWith("chunked");
                    case "connection" -> headers.close = value.contains("close");
                    default -> {
                    }
                }
            }
            return headers;
        }

        private static int status(String line) throws IOException {
            if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
                throw new IOException("the server did not answer in HTTP/1.x: "
                        + line.substring(0, Math.min(line.length(), 60)));
            }
            try {
                return Integer.parseInt(line.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("the server sent a bad status line: " + line);
            }
        }

        /** One line of the head or of the chunk framing, without its CRLF, as Latin-1. */
        private String line(Watch watch) throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                if (position == limit && fill(watch) < 0) {
                    throw new EOFException(anyByte ? "the connection closed in the middle of the answer's framing"
                            : "the connection closed before the answer began");
                }
                byte b = buffer[position++];
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                if (line.length() >= MAX_HEADER_BYTES) {
                    throw new IOException("the server sent a line longer than " + MAX_HEADER_BYTES + " bytes");
                }
                line.append((char) (b & 0xff));
            }
        }

        /** Reads into the empty buffer, telling {@code watch} at each poll interval without a byte; -1 at the end. */
        private int fill(Watch watch) throws IOException {
            while (true) {
                try {
                    int read = in.read(buffer, 0, buffer.length);
                    if (read < 0) {
                        return -1;
                    }
                    position = 0;
                    limit = read;
                    if (read > 0) {
                        anyByte = true;
                        lastByte = System.nanoTime();
                        return read;
                    }
                } catch (SocketTimeoutException e) {
                    watch.quiet(System.nanoTime() - lastByte);
                }
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a connection that failed; nothing to add
            }
        }
    }
}
