package io.llmrouter.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback pass-through in front of DynamoDB Local that counts the calls going through it, for code whose
 * DynamoDB client a test cannot reach (a function handler's own application context): point the code's
 * endpoint at {@link #endpoint()}. Calls are counted by operation ({@code UpdateItem}) and by whether their
 * request names a partition ({@link #countMentioning}), as DynamoDB would bill them.
 */
public final class DynamoCallCounter implements AutoCloseable {

    /** Headers the JDK client sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, AtomicInteger> byOperation = new ConcurrentHashMap<>();
    private final List<String> bodies = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    public DynamoCallCounter(URI dynamoEndpoint) throws IOException {
        this.target = dynamoEndpoint;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(threads);
        server.createContext("/", this::relay);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int count(String operation) {
        AtomicInteger count = byOperation.get(operation);
        return count == null ? 0 : count.get();
    }

    /** Calls whose request body contains {@code text} (a partition key such as {@code limits#p1}). */
    public long countMentioning(String text) {
        synchronized (bodies) {
            return bodies.stream().filter(body -> body.contains(text)).count();
        }
    }

    public void reset() {
        byOperation.clear();
        bodies.clear();
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = amzTarget == null ? "unknown" : amzTarget.substring(amzTarget.indexOf('.') + 1);
            byOperation.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
            bodies.add(new String(body, StandardCharsets.UTF_8));
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
