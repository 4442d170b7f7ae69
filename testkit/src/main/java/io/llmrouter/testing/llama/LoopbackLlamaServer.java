package io.llmrouter.testing.llama;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A loopback HTTP(S) server answering like llama-server with the captured fixture bodies and headers
 * (the {@code llama-server/} resources of this module, provenance in their README.md).
 * Routes are set per test; a guard can refuse requests the way llama-server's API-key check (or an HMAC proxy)
 * does. Handlers may {@link #hang()} until the server is closed, to exercise timeouts.
 */
public final class LoopbackLlamaServer implements AutoCloseable {

    public record Reply(int status, Map<String, String> headers, String body) {
    }

    public static final Map<String, String> JSON = Map.of("Content-Type", "application/json; charset=utf-8", "Server", "llama.cpp");

    /** Connections a fleet's server queues before accepting them: the most Linux allows by default. */
    private static final int FLEET_BACKLOG = 4096;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Function<HttpExchange, Reply>> routes = new ConcurrentHashMap<>();
    /** A queue, not a copy-on-write list: a fleet's server records thousands of requests per second. */
    private final Queue<String> requestedPaths = new ConcurrentLinkedQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Function<HttpExchange, Reply> guard = exchange -> null;

    private LoopbackLlamaServer(HttpServer server) {
        this(server, Executors.newCachedThreadPool());
    }

    private LoopbackLlamaServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static LoopbackLlamaServer http() {
        try {
            return new LoopbackLlamaServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * HTTP with a virtual thread per request: for one server standing in for a whole fleet (routes under a path prefix
     * per cluster), where thousands of deliberately slow requests are in flight at once. Its accept backlog takes
     * thousands of connections at once (the default, 50, would leave the rest to TCP's one-second SYN retry); set
     * {@code sun.net.httpserver.maxIdleConnections} above the fleet's connections, or the server closes all but 200
     * of them after each round.
     */
    public static LoopbackLlamaServer httpOnVirtualThreads() {
        try {
            return new LoopbackLlamaServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    FLEET_BACKLOG), Executors.newVirtualThreadPerTaskExecutor());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HTTPS that demands a client certificate its trust store accepts. */
    public static LoopbackLlamaServer httpsRequiringClientCertificate(SSLContext serverContext) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(serverContext) {
                @Override
                public void configure(HttpsParameters params) {
                    var parameters = serverContext.getDefaultSSLParameters();
                    parameters.setNeedClientAuth(true);
                    params.setSSLParameters(parameters);
                }
            });
            return new LoopbackLlamaServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A llama-server v0.5.0 under load, answering every probe route with the captured responses. */
    public LoopbackLlamaServer servingBusyCluster() {
        return servingBusyCluster("");
    }

    /** {@link #servingBusyCluster()} under {@code pathPrefix} (say {@code /c17}): one of many clusters on this server. */
    public LoopbackLlamaServer servingBusyCluster(String pathPrefix) {
        on(pathPrefix + "/health", reply(200, JSON, fixture("health-ok.json")));
        on(pathPrefix + "/metrics", reply(200, capturedHeaders("captured-v0.5.0/metrics-fresh.headers"),
                fixture("captured-v0.5.0/metrics-busy.txt")));
        on(pathPrefix + "/slots", reply(200, JSON, fixture("captured-v0.5.0/slots-busy.json")));
        on(pathPrefix + "/v1/models", reply(200, JSON, fixture("captured-v0.5.0/models.json")));
        return this;
    }

    public LoopbackLlamaServer on(String path, Function<HttpExchange, Reply> handler) {
        routes.put(path, handler);
        return this;
    }

    public LoopbackLlamaServer guardedBy(Function<HttpExchange, Reply> guard) {
        this.guard = guard;
        return this;
    }

    public static Function<HttpExchange, Reply> reply(int status, Map<String, String> headers, String body) {
        return exchange -> new Reply(status, headers, body);
    }

    /** Blocks the handler until the server closes: the client sees no answer at all. */
    public Function<HttpExchange, Reply> hang() {
        return exchange -> {
            try {
                closing.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Reply(200, JSON, fixture("health-ok.json"));
        };
    }

    /** The response headers of a captured {@code .headers} file, less those the HTTP server sets itself. */
    public static Map<String, String> capturedHeaders(String fixture) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : fixture(fixture).split("\r\n")) {
            int colon = line.indexOf(':');
            if (line.startsWith("HTTP/") || colon < 0) {
                continue;
            }
            String name = line.substring(0, colon);
            if (!List.of("Content-Length", "Keep-Alive", "Transfer-Encoding").contains(name)) {
                headers.put(name, line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    /** A fixture under {@code llama-server/} on the classpath, as text. */
    public static String fixture(String name) {
        try (InputStream in = LoopbackLlamaServer.class.getResourceAsStream("/llama-server/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture llama-server/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<String> requestedPaths() {
        return List.copyOf(requestedPaths);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            requestedPaths.add(path);
            Reply reply = guard.apply(exchange);
            if (reply == null) {
                Function<HttpExchange, Reply> route = routes.get(path);
                reply = route == null
                        ? new Reply(404, JSON, "{\"error\":{\"code\":404,\"message\":\"File Not Found\",\"type\":\"not_found_error\"}}")
                        : route.apply(exchange);
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
