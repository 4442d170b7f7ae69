package io.llmrouter.testing.llama;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A loopback llama-server for load tests: {@code POST /v1/chat/completions} answered at once with the captured
 * llama-server fixtures ({@code chat-completion.json}, or {@code chat-completion-stream.txt} when the request
 * asks for a stream), one virtual thread per request, and nothing kept per request but counts.
 * ({@link LoopbackLlamaServer} keeps every requested path, which hundreds of thousands of requests make slow.)
 *
 * <p>Before each answer it asks its {@link #misbehave behaviour} whether this request fails, and how: every failure
 * happens before the first byte of an answer, so a router may still fail over to another target.
 */
public final class InstantLlamaServer implements AutoCloseable {

    /** How one request fails, before anything of an answer is sent; {@link #NONE}: it is answered. */
    public enum Failure {
        NONE,
        /** HTTP 500 with llama-server's error body. */
        SERVER_ERROR,
        /** HTTP 503 with llama-server's "Loading model" body, as while it restarts. */
        UNAVAILABLE,
        /** A 200 event stream that ends before its first event (a streamed request only; others get a 500). */
        STREAM_ENDS_BEFORE_FIRST_EVENT
    }

    private static final Pattern STREAM_REQUESTED = Pattern.compile("\"stream\"\\s*:\\s*true");
    static final String SERVER_ERROR_BODY = "{\"error\":{\"code\":500,\"message\":\"slot failed\",\"type\":\"server_error\"}}";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final byte[] completion = LoopbackLlamaServer.fixture("chat-completion.json").getBytes(StandardCharsets.UTF_8);
    private final byte[] stream = LoopbackLlamaServer.fixture("chat-completion-stream.txt").getBytes(StandardCharsets.UTF_8);
    private final byte[] loading = LoopbackLlamaServer.fixture("health-loading.json").getBytes(StandardCharsets.UTF_8);
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Supplier<Failure> behaviour = () -> Failure.NONE;

    private InstantLlamaServer(HttpServer server) {
        this.server = server;
        server.createContext("/v1/chat/completions", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static InstantLlamaServer start() {
        try {
            return new InstantLlamaServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on each request asks {@code behaviour} whether, and how, it fails; called concurrently. */
    public InstantLlamaServer misbehave(Supplier<Failure> behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    /** The cluster endpoint to configure: the router appends {@code /v1}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Requests answered with a whole completion or a whole stream. */
    public long answered() {
        return answered.get();
    }

    /** Requests failed by the behaviour. */
    public long failed() {
        return failed.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] request = exchange.getRequestBody().readAllBytes();
            boolean streamed = STREAM_REQUESTED.matcher(new String(request, StandardCharsets.UTF_8)).find();
            Failure failure = behaviour.get();
            switch (failure) {
                case NONE -> {
                    // Counted before the answer leaves: the client may act on it before this handler returns.
                    answered.incrementAndGet();
                    if (streamed) {
                        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                        exchange.sendResponseHeaders(200, 0);
                        exchange.getResponseBody().write(stream);
                    } else {
                        send(exchange, 200, completion);
                    }
                }
                case SERVER_ERROR -> fail(exchange, 500, SERVER_ERROR_BODY.getBytes(StandardCharsets.UTF_8));
                case UNAVAILABLE -> fail(exchange, 503, loading);
                case STREAM_ENDS_BEFORE_FIRST_EVENT -> {
                    failed.incrementAndGet();
                    if (streamed) {
                        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                        exchange.sendResponseHeaders(200, 0);
                    } else {
                        send(exchange, 500, SERVER_ERROR_BODY.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    private void fail(HttpExchange exchange, int status, byte[] body) throws IOException {
        failed.incrementAndGet();
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Server", "llama.cpp");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
