package io.llmrouter.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.event.ruler.Ruler;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback EventBridge that speaks the service's JSON 1.1 protocol for {@code PutEvents}
 * ({@code X-Amz-Target: AWSEvents.PutEvents}), keeps every event in the envelope EventBridge delivers
 * to rule targets, and matches rules with AWS's own pattern engine (event-ruler).
 *
 * <p>EventBridge cannot run on this machine; this stands in for it at the wire level so the real
 * SDK client is exercised end to end.
 */
public final class EventBridgeStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<JsonNode> delivered = new CopyOnWriteArrayList<>();
    private volatile int failNextCalls;

    public EventBridgeStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public EventBridgeClient client() {
        return EventBridgeClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    /** Events as a rule target would receive them. */
    public List<JsonNode> events() {
        return List.copyOf(delivered);
    }

    /** Events that match an EventBridge event pattern, e.g. {@code {"detail":{"current":["down"]}}}. */
    public List<JsonNode> eventsMatching(String pattern) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode event : delivered) {
            try {
                if (Ruler.matchesRule(event.toString(), pattern)) {
                    matching.add(event);
                }
            } catch (Exception e) {
                throw new IllegalArgumentException("invalid event pattern: " + pattern, e);
            }
        }
        return matching;
    }

    /** The next {@code calls} PutEvents calls answer 500 InternalException. */
    public void failNextCalls(int calls) {
        failNextCalls = calls;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (failNextCalls > 0) {
                failNextCalls--;
                respond(exchange, 500, "{\"__type\":\"InternalException\",\"message\":\"injected failure\"}");
                return;
            }
            if (!"AWSEvents.PutEvents".equals(target)) {
                respond(exchange, 400, "{\"__type\":\"UnknownOperationException\"}");
                return;
            }
            JsonNode request = JSON.readTree(body);
            ArrayNode results = JSON.createArrayNode();
            for (JsonNode entry : request.path("Entries")) {
                String id = UUID.randomUUID().toString();
                ObjectNode event = JSON.createObjectNode();
                event.put("version", "0");
                event.put("id", id);
                event.put("detail-type", entry.path("DetailType").asText());
                event.put("source", entry.path("Source").asText());
                event.put("account", "000000000000");
                event.put("time", entry.hasNonNull("Time") ? timeOf(entry.get("Time")) : java.time.Instant.now().toString());
                event.put("region", "us-east-1");
                event.set("resources", entry.has("Resources") ? entry.get("Resources") : JSON.createArrayNode());
                event.set("detail", JSON.readTree(entry.path("Detail").asText("{}")));
                event.put("eventBusName", entry.path("EventBusName").asText("default"));
                delivered.add(event);
                results.addObject().put("EventId", id);
            }
            ObjectNode response = JSON.createObjectNode();
            response.put("FailedEntryCount", 0);
            response.set("Entries", results);
            respond(exchange, 200, response.toString());
        }
    }

    private static String timeOf(JsonNode time) {
        // The SDK sends timestamps as epoch seconds (a JSON number) in the JSON 1.1 protocol.
        if (time.isNumber()) {
            return java.time.Instant.ofEpochMilli((long) (time.asDouble() * 1000)).toString();
        }
        return time.asText();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
