package io.llmrouter.testing.llama;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * One {@code llama-server} process started by a {@link LlamaServerRig}, on a fixed loopback port
 * that survives restarts. Its stdout and stderr go to a log file whose tail explains failures.
 */
public final class LlamaServer {

    private static final Duration HEALTH_POLL_INTERVAL = Duration.ofMillis(20);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(5);
    private static final int LOG_LINES_IN_ERRORS = 30;
    private static final String BIND_FAILURE = "couldn't bind";

    private final int index;
    private final LlamaServerSettings settings;
    private final Path logFile;
    private final HttpClient http;
    private int port;
    private volatile Process process;

    LlamaServer(int index, LlamaServerSettings settings, int port, Path logFile, HttpClient http) {
        this.index = index;
        this.settings = settings;
        this.port = port;
        this.logFile = logFile;
        this.http = http;
    }

    public int index() {
        return index;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The model name the server reports in responses ({@code --alias}). */
    public String alias() {
        return settings.alias();
    }

    public Optional<String> apiKey() {
        return settings.apiKey();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Process id of the current process, for diagnostics. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("server " + index + " was never started");
        }
        return process.pid();
    }

    /** GET {@code path} with the API key when one is set ({@code /metrics}, {@code /slots}, ... need it). */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST a JSON body to {@code path}, with the API key when one is set. */
    public HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The value of an unlabelled sample of {@code /metrics}, e.g. {@code llamacpp:requests_deferred};
     * empty when the server does not export it. Enough for tests; the router's own Prometheus parser
     * handles labels and the rest of the format.
     */
    public OptionalDouble metric(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /metrics on server " + index + " answered " + response.statusCode());
        }
        for (String line : response.body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return OptionalDouble.of(Double.parseDouble(line.substring(name.length() + 1).strip()));
            }
        }
        return OptionalDouble.empty();
    }

    /** The last {@code lines} lines the process wrote. */
    public String recentLog(int lines) {
        try {
            return tail(logFile, lines);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUri().resolve(path)).timeout(REQUEST_TIMEOUT);
        settings.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        return builder;
    }

    /**
     * Starts the process and waits until {@code /health} answers 200. When the port was taken in
     * the meantime (it was free when chosen), retries on {@code freshPorts} ports.
     */
    synchronized void start(LoopbackPorts freshPorts, int attempts) {
        for (int attempt = 1; ; attempt++) {
            launch();
            try {
                awaitHealthy();
                return;
            } catch (IllegalStateException e) {
                boolean portTaken = !process.isAlive() && recentLog(LOG_LINES_IN_ERRORS).contains(BIND_FAILURE);
                if (!portTaken || attempt >= attempts) {
                    throw e;
                }
                port = freshPorts.next();
            }
        }
    }

    /** Starts the process again on the same port; the previous one must have ended. */
    synchronized void restart() {
        if (isAlive()) {
            stop();
        }
        launch();
        awaitHealthy();
    }

    /** Hard kill: SIGKILL, as a crash or an OOM kill would end it. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            awaitExit(process, Duration.ofSeconds(10));
        }
    }

    /** SIGTERM, then SIGKILL if the server has not exited within a few seconds. */
    synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!awaitExit(process, GRACEFUL_STOP)) {
            kill();
        }
    }

    /** For the JVM shutdown hook: no waiting, no locking. */
    void killNow() {
        Process current = process;
        if (current != null) {
            current.destroyForcibly();
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(
                settings.binary().toString(),
                "-m", settings.model().toString(),
                "--host", "127.0.0.1",
                "--port", Integer.toString(port),
                "--metrics",
                "-np", Integer.toString(settings.slots()),
                "-c", Integer.toString(settings.contextSize()),
                "-t", Integer.toString(settings.threads()),
                "--alias", settings.alias(),
                "--log-colors", "off"));
        // A key file keeps the key out of the process list (ps shows command lines).
        settings.apiKeyFile().ifPresent(file -> command.addAll(List.of("--api-key-file", file.toString())));
        command.addAll(settings.extraArguments());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // LLAMA_ARG_* variables would silently override the flags above.
        builder.environment().keySet().removeIf(name -> name.startsWith("LLAMA_ARG_"));
        try {
            appendToLog("---- starting: " + String.join(" ", command));
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + settings.binary() + ": " + e.getMessage(), e);
        }
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        HttpRequest health = HttpRequest.newBuilder(baseUri().resolve("/health"))
                .timeout(Duration.ofSeconds(1)).GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw failure("exited with code " + process.exitValue() + " before becoming healthy");
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException | HttpTimeoutException e) {
                // not listening yet, or busy loading: keep polling
            } catch (IOException e) {
                // the connection can be reset while the server comes up: keep polling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw failure("was interrupted while waiting for /health");
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw failure("did not answer /health with 200 within " + settings.startupTimeout().toSeconds() + " s");
            }
            sleep(HEALTH_POLL_INTERVAL);
        }
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException("llama-server " + index + " on port " + port + " " + what
                + "; last log lines (" + logFile + "):\n" + recentLog(LOG_LINES_IN_ERRORS));
    }

    private void appendToLog(String line) throws IOException {
        Files.writeString(logFile, line + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static boolean awaitExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Reads only the end of the file: a busy server's log can grow large. */
    private static String tail(Path file, int lines) throws IOException {
        if (!Files.exists(file)) {
            return "(no log yet)";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int window = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[window];
            raf.seek(length - window);
            raf.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n");
            int from = Math.max(0, all.length - lines);
            return String.join("\n", Arrays.copyOfRange(all, from, all.length));
        }
    }

    @Override
    public String toString() {
        return "LlamaServer[" + index + " " + baseUri() + " alias=" + alias() + "]";
    }
}
