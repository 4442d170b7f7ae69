package io.llmrouter.local;

import io.llmrouter.local.dashboard.DashboardPage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmrouter.gateway.AnswerSink;
import io.llmrouter.route.RouteHandler;
import io.llmrouter.testing.aws.TestLambdaContext;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a Lambda function URL in response-streaming mode does in front of the route function, on a
 * loopback port: each HTTP request becomes a payload-2.0 event, and the function's answer is written to
 * the client as the function writes it (a streamed completion event by event, with chunked transfer
 * encoding; any other answer whole, with its length). Same limits: a 6 MB request payload, and the
 * function's 15-minute timeout.
 */
final class FrontDoor implements AutoCloseable {

    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
    static final Duration FUNCTION_TIMEOUT = Duration.ofMinutes(15);
    private static final Map<String, String> JSON_TYPE = Map.of("content-type", "application/json");
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final RouteHandler handler;
    private final DashboardPage dashboard;
    private final LocalClusters clusters;

    /**
     * @param dashboard the local cost dashboard, served beside the API at /dashboard (the deployed function URL has no such route)
     * @param clusters  the demo llama-servers' stop and start buttons, at /local/clusters (likewise local only)
     */
    FrontDoor(RouteHandler handler, DashboardPage dashboard, LocalClusters clusters, int port) throws IOException {
        this.handler = handler;
        this.dashboard = dashboard;
        this.clusters = clusters;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (BindException e) {
            throw new IllegalStateException("port " + port + " is busy: stop what uses it or pass --port N", e);
        }
        server.createContext("/", this::handle);
        // Each exchange runs on a platform thread, as the Lambda runtime runs its handler: the forwarder blocks on
        // its upstream socket, and the kernel wakes the thread when the answer comes. On a virtual thread that
        // wake-up goes through the JDK's poller thread and back to a carrier first (at 32 connections: 135 -> 100 us
        // of CPU a request; at one, 235 -> 183 us of overhead).
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "front-door");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (DashboardPage.serves(exchange.getRequestURI().getPath())) {
                dashboard.handle(exchange);
                return;
            }
            if (LocalClusters.serves(exchange.getRequestURI().getPath())) {
                clusters.handle(exchange);
                return;
            }
            byte[] body = readLimited(exchange.getRequestBody());
            if (body == null) {
                send(exchange, 413, JSON_TYPE,
                        "{\"error\":{\"message\":\"Request payload exceeds the 6 MB limit.\",\"type\":\"invalid_request_error\",\"code\":\"request_too_large\"}}");
                return;
            }
            APIGatewayV2HTTPEvent event = eventOf(exchange, body);
            ToClient client = new ToClient(exchange);
            try {
                // On this request's own thread: a hand-off to another thread per request cost more than the
                // routing itself.
                handler.stream(event, new TestLambdaContext("route", FUNCTION_TIMEOUT), client);
            } catch (RuntimeException e) {
                if (!client.started) {
                    // A function URL's answer when the function fails.
                    send(exchange, 502, JSON_TYPE, "{\"Message\":\"Internal Server Error\"}");
                }
            }
        }
    }

    /** The client's connection as the function's answer is written to it. */
    private static final class ToClient implements AnswerSink {
        private final HttpExchange exchange;
        private boolean started;

        ToClient(HttpExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void head(int status, Map<String, String> headers) throws IOException {
            started = true;
            headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            // Length 0: chunked transfer encoding, each part sent as its own chunk.
            exchange.sendResponseHeaders(status, 0);
        }

        @Override
        public void write(byte[] part) throws IOException {
            exchange.getResponseBody().write(part);
            exchange.getResponseBody().flush();
        }

        @Override
        public void whole(int status, Map<String, String> headers, byte[] body) throws IOException {
            started = true;
            send(exchange, status, headers, body);
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
        return bytes.length > MAX_PAYLOAD_BYTES ? null : bytes;
    }

    static APIGatewayV2HTTPEvent eventOf(HttpExchange exchange, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        // A function URL lower-cases header names and joins repeated values with commas.
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        Instant now = Instant.now();
        boolean text = passedAsText(headers.get("content-type"), body);
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withRawQueryString(query == null ? "" : query)
                .withHeaders(headers)
                .withBody(text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(!text)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId("000000000000")
                        .withApiId("local")
                        .withDomainName("127.0.0.1")
                        .withStage("$default")
                        .withRouteKey("$default")
                        .withRequestId(requestId())
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(exchange.getRequestMethod())
                                .withPath(path)
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .build())
                .build();
    }

    /**
     * Whether the body goes to the function as a string rather than base64-encoded. A function URL passes a body
     * with a text media type (text/*, application/json, application/xml, application/javascript) as a
     * string and base64-encodes any other, one without a Content-Type included. A text-typed body that
     * is not UTF-8 is passed base64-encoded here too, so that the route function judges the bytes the
     * client sent, not a string with replacement characters in their place.
     */
    static boolean passedAsText(String contentType, byte[] body) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim()
                .toLowerCase(Locale.ROOT);
        boolean textType = type.startsWith("text/") || type.equals("application/json") || type.equals("application/xml")
                || type.equals("application/javascript");
        return textType && isUtf8(body);
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** A request id shaped like API Gateway's and function URLs' ("JKJaXmPLvHcESHA="); a UUID's secure random cost more than the routing. */
    static String requestId() {
        byte[] random = new byte[10];
        ThreadLocalRandom.current().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        send(exchange, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
