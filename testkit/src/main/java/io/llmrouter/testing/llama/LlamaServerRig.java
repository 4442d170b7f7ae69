package io.llmrouter.testing.llama;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real {@code llama-server} processes on loopback ports for tests.
 *
 * <p>As a JUnit 5 extension: in a {@code static} {@code @RegisterExtension} field the servers live
 * for the test class; in an instance field, for each test. As a plain object: {@link #start()} and
 * {@link #close()} (try-with-resources). Either way the rig stops exactly the processes it started,
 * also when the JVM exits early (shutdown hook).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LlamaServerRig LLAMA = LlamaServerRig.builder().model(TinyModels.TINY).servers(2).build();
 * ... LLAMA.server(0).baseUri() ...
 * }</pre>
 */
public final class LlamaServerRig implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, AutoCloseable {

    /** Attempts per server when another process takes its port before it binds. */
    private static final int PORT_ATTEMPTS = 3;

    private final Supplier<Path> model;
    private final String alias;
    private final int serverCount;
    private final int slots;
    private final int contextSize;
    private final int threads;
    private final Optional<String> apiKey;
    private final Duration startupTimeout;
    private final List<String> extraArguments;
    private final LoopbackPorts ports = new LoopbackPorts();

    private List<LlamaServer> servers = List.of();
    private HttpClient http;
    private Path workDirectory;
    private Thread shutdownHook;
    /** The JUnit context that started the rig: only its end stops it (nested classes share it). */
    private String startedByContext;

    private LlamaServerRig(Builder builder) {
        this.model = builder.model;
        this.alias = builder.alias;
        this.serverCount = builder.servers;
        this.slots = builder.slots;
        this.contextSize = builder.contextSize;
        this.threads = builder.threads;
        this.apiKey = Optional.ofNullable(builder.apiKey);
        this.startupTimeout = builder.startupTimeout;
        this.extraArguments = List.copyOf(builder.extraArguments);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Locates (maybe builds) the binary, writes the model if needed, starts every server and waits
     * until each answers {@code /health} with 200. Stops what it started if any server fails.
     */
    public synchronized LlamaServerRig start() {
        if (!servers.isEmpty()) {
            throw new IllegalStateException("the rig is already running");
        }
        Path binary = LlamaServerBinary.locate();
        Path modelFile = model.get();
        try {
            workDirectory = Files.createTempDirectory("llama-rig-");
            LlamaServerSettings settings = new LlamaServerSettings(binary, modelFile, alias, slots, contextSize,
                    threads, apiKey, writeApiKeyFile(), startupTimeout, extraArguments);
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            List<LlamaServer> started = new ArrayList<>();
            servers = started;
            Path logs = workDirectory;
            shutdownHook = new Thread(() -> {
                started.forEach(LlamaServer::killNow);
                deleteRecursively(logs);
            }, "llama-rig-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            for (int i = 0; i < serverCount; i++) {
                LlamaServer server = new LlamaServer(i, settings, ports.next(),
                        workDirectory.resolve("llama-server-" + i + ".log"), http);
                started.add(server);
                long begin = System.nanoTime();
                server.start(ports, PORT_ATTEMPTS);
                System.out.printf("[llama-rig] server %d (%s, %s) healthy on port %d in %d ms%n",
                        i, alias, modelFile.getFileName(), server.port(), (System.nanoTime() - begin) / 1_000_000);
            }
            servers = List.copyOf(started);
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot prepare the llama-server rig", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public LlamaServer server(int index) {
        List<LlamaServer> current = servers;
        if (index < 0 || index >= current.size()) {
            throw new IndexOutOfBoundsException("server " + index + " of " + current.size()
                    + (current.isEmpty() ? " (the rig is not running)" : ""));
        }
        return current.get(index);
    }

    public List<LlamaServer> servers() {
        return servers;
    }

    public URI baseUri(int index) {
        return server(index).baseUri();
    }

    /** Hard-kills server {@code index} (SIGKILL); its port then refuses connections. */
    public void kill(int index) {
        server(index).kill();
    }

    /** Stops server {@code index} gracefully (SIGTERM). */
    public void stop(int index) {
        server(index).stop();
    }

    /** Starts server {@code index} again on the same port and waits until it is healthy. */
    public void restart(int index) {
        server(index).restart();
    }

    /**
     * Sends {@code count} concurrent chat completions to server {@code index}, each generating
     * {@code maxTokens} tokens with {@code ignore_eos}, so that they keep the slots busy and any
     * request beyond the slot count waits in the server's queue ({@code requests_deferred}).
     * Keep {@code maxTokens} below the per-slot context (context size / slots) minus the prompt.
     */
    public LongGenerations startLongGenerations(int index, int count, int maxTokens) {
        return LongGenerations.start(server(index), count, maxTokens);
    }

    /** Stops every server this rig started and deletes its logs. Safe to call more than once. */
    @Override
    public synchronized void close() {
        servers.forEach(LlamaServer::stop);
        servers = List.of();
        startedByContext = null;
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down and the hook is running: nothing to remove
            }
            shutdownHook = null;
        }
        if (http != null) {
            http.shutdownNow();
            http = null;
        }
        deleteWorkDirectory();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopFor(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopFor(context);
    }

    private synchronized void startFor(ExtensionContext context) {
        if (startedByContext == null) {
            start();
            startedByContext = context.getUniqueId();
        }
    }

    private synchronized void stopFor(ExtensionContext context) {
        if (context.getUniqueId().equals(startedByContext)) {
            close();
        }
    }

    private Optional<Path> writeApiKeyFile() throws IOException {
        if (apiKey.isEmpty()) {
            return Optional.empty();
        }
        Path file = workDirectory.resolve("api-key");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, apiKey.get() + "\n");
        return Optional.of(file);
    }

    private void deleteWorkDirectory() {
        if (workDirectory != null) {
            deleteRecursively(workDirectory);
            workDirectory = null;
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("[llama-rig] could not delete " + directory + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "LlamaServerRig[alias=" + alias + ", servers=" + servers + "]";
    }

    public static final class Builder {
        private Supplier<Path> model = TinyModels::tiny;
        private String alias = TinyModels.TINY.name();
        private int servers = 1;
        private int slots = 2;
        private int contextSize = 1024;
        private int threads = 1;
        private String apiKey;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final List<String> extraArguments = new ArrayList<>();

        private Builder() {
        }

        /** A random-weight model, written (once) when the rig starts; also sets the alias to its name. */
        public Builder model(TinyModelSpec spec) {
            this.model = () -> TinyModels.file(spec);
            this.alias = spec.name();
            return this;
        }

        /** Any GGUF file; the alias becomes the file name without {@code .gguf}. */
        public Builder modelFile(Path file) {
            this.model = () -> file;
            this.alias = file.getFileName().toString().replaceFirst("\\.gguf$", "");
            return this;
        }

        public Builder alias(String alias) {
            this.alias = requireText("alias", alias);
            return this;
        }

        public Builder servers(int count) {
            this.servers = requirePositive("servers", count);
            return this;
        }

        /** Parallel slots ({@code -np}): requests beyond this many wait in the server's queue. */
        public Builder slots(int count) {
            this.slots = requirePositive("slots", count);
            return this;
        }

        /** Total context ({@code -c}), shared among the slots. */
        public Builder contextSize(int tokens) {
            this.contextSize = requirePositive("contextSize", tokens);
            return this;
        }

        public Builder threads(int count) {
            this.threads = requirePositive("threads", count);
            return this;
        }

        /** Makes every server require this key (except on {@code /health}). */
        public Builder apiKey(String key) {
            this.apiKey = requireText("apiKey", key);
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive");
            }
            this.startupTimeout = timeout;
            return this;
        }

        /** Further llama-server flags, appended after the rig's own. */
        public Builder extraArguments(String... arguments) {
            this.extraArguments.addAll(List.of(arguments));
            return this;
        }

        public LlamaServerRig build() {
            return new LlamaServerRig(this);
        }

        private static int requirePositive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }

        private static String requireText(String name, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
