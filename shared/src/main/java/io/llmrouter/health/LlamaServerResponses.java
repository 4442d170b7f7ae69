package io.llmrouter.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the JSON bodies of llama-server's {@code /health}, {@code /v1/models} and error responses.
 * Bodies are parsed, never compared as strings: builds differ in key order.
 */
final class LlamaServerResponses {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Cluster-supplied text lands in health reasons and logs; keep it to one short line. */
    private static final int MAX_MESSAGE_LENGTH = 200;

    private LlamaServerResponses() {
    }

    /** Whether the cluster can take requests, and why, for people. */
    record HealthStatus(boolean up, String reason) {
    }

    /**
     * {@code GET /health}: 200 with {@code "status":"ok"} is up. Anything else is down, with the server's
     * own message when it gave one ({@code HTTP 503 Loading model}).
     */
    static HealthStatus health(int httpStatus, String body) {
        Optional<JsonNode> json = parse(body);
        if (httpStatus == 200) {
            String status = json.map(j -> j.path("status")).filter(JsonNode::isTextual).map(JsonNode::textValue).orElse(null);
            if ("ok".equals(status)) {
                return new HealthStatus(true, "ok");
            }
            return new HealthStatus(false, status == null
                    ? "HTTP 200 with an unreadable /health body"
                    : "HTTP 200 status " + oneLine(status));
        }
        return new HealthStatus(false, json.flatMap(LlamaServerResponses::errorMessage)
                .map(message -> "HTTP " + httpStatus + " " + message)
                .orElse("HTTP " + httpStatus));
    }

    /**
     * The message of an error body: {@code {"error":{"message":...}}} in any key order, or the
     * {@code {"status":"loading model"}} form of 2024-era builds.
     */
    static Optional<String> errorMessage(JsonNode body) {
        JsonNode message = body.path("error").path("message");
        if (!message.isTextual()) {
            message = body.path("status");
        }
        return message.isTextual() && !message.textValue().isBlank()
                ? Optional.of(oneLine(message.textValue()))
                : Optional.empty();
    }

    /** {@code GET /v1/models}: the OpenAI-style {@code data[].id} list. */
    static List<String> modelIds(String body) {
        List<String> ids = new ArrayList<>();
        parse(body).ifPresent(json -> json.path("data").forEach(model -> {
            JsonNode id = model.path("id");
            if (id.isTextual() && !id.textValue().isBlank() && !ids.contains(id.textValue())) {
                ids.add(id.textValue());
            }
        }));
        return ids;
    }

    static Optional<JsonNode> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(body));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_MESSAGE_LENGTH ? line : line.substring(0, MAX_MESSAGE_LENGTH) + "...";
    }
}
