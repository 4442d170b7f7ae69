package io.llmrouter.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real S3-protocol server on a loopback port: {@code s3rver} (npm, pinned in the repository's
 * {@code s3-server/package-lock.json}, installed there by {@code npm ci}), run by Node with its objects in a
 * directory, and one bucket made at start. It takes requests signed with its one key pair, {@link #ACCESS_KEY_ID} and
 * {@link #SECRET_ACCESS_KEY}.
 * {@code ./run-local} keeps the batch files in it; tests that need S3 start one and skip without Node.
 */
public final class S3Server implements AutoCloseable {

    /** s3rver's built-in credentials, the only ones it takes. */
    public static final String ACCESS_KEY_ID = "S3RVER";
    public static final String SECRET_ACCESS_KEY = "S3RVER";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final URI endpoint;

    private S3Server(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** The s3rver script installed under the repository's {@code s3-server/}, from the working directory or above. */
    public static Optional<Path> script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("s3-server/node_modules/s3rver/bin/s3rver.js");
            if (Files.isRegularFile(script)) {
                return Optional.of(script);
            }
        }
        return Optional.empty();
    }

    /** Whether a server can start here: the script is installed and {@code node} runs. */
    public static boolean available() {
        if (script().isEmpty()) {
            return false;
        }
        try {
            return new ProcessBuilder("node", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts a server keeping its objects under {@code directory}, with {@code bucket} made.
     *
     * @throws IllegalStateException when s3rver is not installed (run {@code npm ci} in {@code s3-server/}) or does not
     *                               answer within 30 s
     */
    public static S3Server start(Path directory, String bucket) throws IOException {
        Path script = script().orElseThrow(() -> new IllegalStateException(
                "s3-server/node_modules is missing: run `npm ci` in s3-server (./run-tests and .ci/run do)"));
        Files.createDirectories(directory);
        int port = freePort();
        Path log = directory.resolve("s3rver.log");
        Process process = new ProcessBuilder(List.of("node", script.toString(), "--directory", directory.toString(),
                "--address", LOOPBACK, "--port", Integer.toString(port), "--silent", "--no-vhost-buckets", "--configure-bucket", bucket))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3Server server = new S3Server(process, URI.create("http://" + LOOPBACK + ":" + port));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!server.accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("s3rver did not start on port " + port + ": " + Files.readString(log));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.close();
                throw new IllegalStateException("interrupted while s3rver started", e);
            }
        }
        return server;
    }

    public URI endpoint() {
        return endpoint;
    }

    private boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
