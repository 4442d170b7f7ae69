package io.llmrouter.testing.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for a provider that cannot run here (OpenAI, Anthropic, Gemini). It checks what
 * the provider's API reference requires of a request (method, path, key header, version header, JSON
 * body) and answers with the documented payloads under {@code wire/} (this module's resources): a
 * response body, or an SSE transcript sent event by event. A request the real API would reject gets the
 * provider's own error shape, so a test sees what a wrong translation would cause in production.
 */
public final class ProviderStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one provider's API expects. */
    public enum Api {
        /** {@code POST /v1/chat/completions}, {@code Authorization: Bearer}. Base URL: {@code {stub}/v1}. */
        OPENAI("/v1", Pattern.compile("/v1/chat/completions"), "authorization", "Bearer "),
        /** {@code POST /v1/messages}, {@code x-api-key}, {@code anthropic-version}. Base URL: {@code {stub}}. */
        ANTHROPIC("", Pattern.compile("/v1/messages"), "x-api-key", ""),
        /**
         * {@code POST /v1beta/models/{model}:generateContent} or {@code :streamGenerateContent?alt=sse},
         * {@code x-goog-api-key}. Base URL: {@code {stub}/v1beta}.
         */
        GEMINI("/v1beta", Pattern.compile("/v1beta/models/[A-Za-z0-9._-]+:(generateContent|streamGenerateContent)"),
                "x-goog-api-key", "");

        private final String basePath;
        private final Pattern path;
        private final String keyHeader;
        private final String keyPrefix;

        Api(String basePath, Pattern path, String keyHeader, String keyPrefix) {
            this.basePath = basePath;
            this.path = path;
            this.keyHeader = keyHeader;
            this.keyPrefix = keyPrefix;
        }
    }

    /** A request the stub received. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers, JsonNode body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** The next answer: a status and a fixture ({@code .txt} fixtures are sent as an event stream). */
    private record Answer(int status, String fixture) {
    }

    private final Api api;
    private final String key;
    private final HttpServer server;
    /** The last {@link #KEPT_REQUESTS} requests: a benchmark sends hundreds of thousands. */
    private final java.util.Deque<Received> received = new java.util.ArrayDeque<>();
    static final int KEPT_REQUESTS = 1000;
    private volatile Answer json;
    private volatile Answer stream;
    private volatile java.time.Duration streamPace = java.time.Duration.ZERO;

    private ProviderStub(Api api, String key, String jsonFixture, String streamFixture) {
        this.api = api;
        this.key = key;
        this.json = new Answer(200, jsonFixture);
        this.stream = new Answer(200, streamFixture);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public static ProviderStub openAi(String key) {
        return new ProviderStub(Api.OPENAI, key, "wire/openai/chat-completion.json", "wire/openai/chat-completion-stream.txt");
    }

    public static ProviderStub anthropic(String key) {
        return new ProviderStub(Api.ANTHROPIC, key, "wire/anthropic/message.json", "wire/anthropic/stream-basic.txt");
    }

    public static ProviderStub gemini(String key) {
        return new ProviderStub(Api.GEMINI, key, "wire/gemini/generate-content.json", "wire/gemini/stream-basic.txt");
    }

    /** The base URL to configure for the provider ({@code baseUrl}). */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + api.basePath);
    }

    /** Non-streaming requests get {@code fixture} with {@code status} from now on. */
    public ProviderStub answer(int status, String fixture) {
        json = new Answer(status, fixture);
        return this;
    }

    /** Streaming requests get the transcript {@code fixture} from now on. */
    public ProviderStub stream(String fixture) {
        stream = new Answer(200, fixture);
        return this;
    }

    /**
     * Each event of a streamed answer follows the previous one after {@code gap}, as a model generating
     * tokens would send them, instead of all at once.
     */
    public ProviderStub paceStreams(java.time.Duration gap) {
        streamPace = gap;
        return this;
    }

    /** Streaming requests are refused with {@code status} and the JSON {@code fixture} from now on. */
    public ProviderStub refuseStreams(int status, String fixture) {
        stream = new Answer(status, fixture);
        return this;
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    public synchronized Received last() {
        if (received.isEmpty()) {
            throw new AssertionError(api + " stub received no request");
        }
        return received.peekLast();
    }

    private synchronized void record(Received request) {
        received.addLast(request);
        if (received.size() > KEPT_REQUESTS) {
            received.removeFirst();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            JsonNode body = parse(raw);
            record(new Received(exchange.getRequestMethod(), path, query, Map.copyOf(exchange.getRequestHeaders()), body));
            String refusal = refusal(exchange, path, query, body);
            if (refusal != null) {
                send(exchange, refusal.startsWith("401") ? 401 : refusal.startsWith("404") ? 404 : 400,
                        "application/json", error(refusal.substring(4)));
                return;
            }
            Answer streamAnswer = stream;
            if (streaming(path, body) && streamAnswer.status() == 200) {
                sendStream(exchange, streamAnswer);
            } else if (streaming(path, body)) {
                send(exchange, streamAnswer.status(), "application/json", fixture(streamAnswer.fixture()));
            } else {
                send(exchange, json.status(), "application/json", fixture(json.fixture()));
            }
        }
    }

    private boolean streaming(String path, JsonNode body) {
        return api == Api.GEMINI ? path.endsWith(":streamGenerateContent") : body.path("stream").asBoolean(false);
    }

    /** Why the real API would reject the request ("NNN message"), or null. */
    private String refusal(HttpExchange exchange, String path, String query, JsonNode body) {
        if (!"POST".equals(exchange.getRequestMethod()) || !api.path.matcher(path).matches()) {
            return "404 no route for " + exchange.getRequestMethod() + " " + path;
        }
        String presented = exchange.getRequestHeaders().getFirst(api.keyHeader);
        if (!Objects.equals(presented, api.keyPrefix + key)) {
            return "401 missing or wrong " + api.keyHeader;
        }
        if (body == null || !body.isObject()) {
            return "400 the body is not a JSON object";
        }
        switch (api) {
            case ANTHROPIC -> {
                if (exchange.getRequestHeaders().getFirst("anthropic-version") == null) {
                    return "400 anthropic-version header is required";
                }
                if (!body.path("model").isTextual() || !body.path("max_tokens").isInt()
                        || !body.path("messages").isArray()) {
                    return "400 model, max_tokens and messages are required";
                }
            }
            case GEMINI -> {
                if (!body.path("contents").isArray()) {
                    return "400 contents is required";
                }
                if (path.endsWith(":streamGenerateContent") && !"alt=sse".equals(query)) {
                    return "400 this stub serves streams as server-sent events only (alt=sse)";
                }
            }
            case OPENAI -> {
                if (!body.path("model").isTextual() || !body.path("messages").isArray()) {
                    return "400 model and messages are required";
                }
            }
        }
        return null;
    }

    /** The error body in the provider's own shape. */
    private byte[] error(String message) {
        String text = switch (api) {
            case OPENAI -> JSON.createObjectNode().set("error", JSON.createObjectNode()
                    .put("message", message).put("type", "invalid_request_error").putNull("param").putNull("code")).toString();
            case ANTHROPIC -> JSON.createObjectNode().put("type", "error").set("error", JSON.createObjectNode()
                    .put("type", "invalid_request_error").put("message", message)).toString();
            case GEMINI -> JSON.createObjectNode().set("error", JSON.createObjectNode()
                    .put("code", 400).put("message", message).put("status", "INVALID_ARGUMENT")).toString();
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Sends an SSE transcript one event at a time, flushing each (paced by {@link #paceStreams}), as a provider streams. */
    private void sendStream(HttpExchange exchange, Answer answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        String transcript = new String(fixture(answer.fixture()), StandardCharsets.UTF_8);
        OutputStream out = exchange.getResponseBody();
        long gapMillis = streamPace.toMillis();
        for (String event : transcript.split("(?<=\n\n)")) {
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (gapMillis > 0) {
                try {
                    Thread.sleep(gapMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static JsonNode parse(byte[] raw) {
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] fixture(String name) {
        try (InputStream in = ProviderStub.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name + " on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
