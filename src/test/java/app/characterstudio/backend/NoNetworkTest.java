package app.characterstudio.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.characterstudio.cli.CliRunner;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no endpoint in use the studio opens no network socket: the process's TCP and UDP sockets
 * ({@code /proc/self/fd} against {@code /proc/net}) before and after are compared, so the test sees
 * any connection or listener left open, not only the studio's own HTTP client.
 */
class NoNetworkTest {
    @TempDir
    Path workspace;

    @Test
    void configuringListingAndRemovingBackendsOpensNoSocket() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux's /proc");
        Set<String> before = sockets();
        CliRunner cli = new CliRunner(workspace);

        List<CliRunner.Result> results = List.of(
                cli.run("backend", "list"),
                cli.run("backend", "add", "gpu", "--url", "http://127.0.0.1:9,http://127.0.0.1:10", "--model", "index"),
                cli.run("backend", "list", "--json"),
                cli.run("persona", "list"),
                cli.run("backend", "remove", "gpu"));
        new CompletionsClient(new Backend("idle", List.of(URI.create("http://127.0.0.1:9")), "index", "", 1,
                Duration.ofSeconds(1)), name -> null, CompletionsClient.Retry.DEFAULT);

        results.forEach(result -> assertEquals(0, result.exitCode(), result.toString()));
        Set<String> opened = sockets();
        opened.removeAll(before);
        assertEquals(Set.of(), opened, "network sockets opened without any endpoint in use");
    }

    @Test
    void theCountSeesALoopbackListener() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux's /proc");
        Set<String> before = sockets();
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Set<String> during = sockets();
            during.removeAll(before);
            assertEquals(1, during.size(), "port " + listener.getLocalPort() + ": " + during);
        }
    }

    /** The inodes of this process's open TCP and UDP sockets (unix-domain ones, e.g. name-service lookups, are not network). */
    private static Set<String> sockets() throws IOException {
        Set<String> own = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        own.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            });
        }
        Set<String> network = new HashSet<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            Path file = Path.of("/proc/net", table);
            if (Files.isReadable(file)) {
                for (String line : Files.readAllLines(file)) {
                    String[] columns = line.strip().split("\\s+");
                    if (columns.length > 9 && own.contains(columns[9])) {
                        network.add(table + " " + columns[1] + " -> " + columns[2] + " inode " + columns[9]);
                    }
                }
            }
        }
        return network;
    }
}
