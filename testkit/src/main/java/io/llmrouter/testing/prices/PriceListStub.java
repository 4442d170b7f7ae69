package io.llmrouter.testing.prices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the loopback stand-ins for the clouds' price list APIs share: a JDK HTTP server on a free
 * loopback port, the requests received, and two ways to misbehave (an error status in the API's own
 * error format, or a body that is not the API's format at all). Each subclass speaks one API's wire
 * format, checks requests as that API does, and serves a captured sample from
 * {@code src/test/resources/price-feeds/} split into pages.
 */
public abstract class PriceListStub implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received: the query string decoded, the body parsed when it is JSON. */
    public record Request(String method, String path, Map<String, String> query, JsonNode body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int failureStatus;
    private volatile String garbage;

    protected PriceListStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI origin() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every request received so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** From now on every request answers {@code status} with the API's error body. */
    public void failWith(int status) {
        failureStatus = status;
    }

    /** From now on every request answers 200 with this body, whatever it asked. */
    public void answerGarbage(String body) {
        garbage = body;
    }

    /** Back to answering as the API does. */
    public void behave() {
        failureStatus = 0;
        garbage = null;
    }

    /** Answers one request that passed the misbehaviour checks. */
    protected abstract void answer(HttpExchange exchange, Request request) throws IOException;

    /** The API's error body for a status. */
    protected abstract String errorBody(int status, String message);

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode json = null;
            if (body.length > 0) {
                try {
                    json = JSON.readTree(body);
                } catch (IOException e) {
                    // Not JSON: the subclass refuses it as the API would.
                }
            }
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    query(exchange.getRequestURI().getRawQuery()), json);
            requests.add(request);
            if (failureStatus != 0) {
                respond(exchange, failureStatus, errorBody(failureStatus, "injected failure"));
            } else if (garbage != null) {
                respond(exchange, 200, garbage);
            } else {
                answer(exchange, request);
            }
        } catch (RuntimeException e) {
            respond(exchange, 500, errorBody(500, e.toString()));
        }
    }

    protected static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** A sample under {@code /price-feeds/} on the test classpath. */
    protected static JsonNode sample(String name) {
        try (InputStream in = PriceListStub.class.getResourceAsStream("/price-feeds/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing sample " + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.put(name, value);
        }
        return parameters;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
