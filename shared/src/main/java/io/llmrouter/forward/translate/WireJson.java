package io.llmrouter.forward.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The JSON reading and writing every translator shares. */
final class WireJson {

    /** Trailing tokens fail the parse, so that "{} <html>" is not taken for an empty object. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WireJson() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String string(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON object from a provider, or a format error naming the provider and what was wrong. */
    static ObjectNode readObject(byte[] body, String what) throws UpstreamFormatException {
        if (body == null || body.length == 0) {
            throw new UpstreamFormatException(what + " is empty");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UpstreamFormatException(what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UpstreamFormatException(what + " is unreadable: " + e.getMessage());
        }
        return requireObject(node, what);
    }

    static ObjectNode readObject(String text, String what) throws UpstreamFormatException {
        return readObject(text.getBytes(StandardCharsets.UTF_8), what);
    }

    static ObjectNode requireObject(JsonNode node, String what) throws UpstreamFormatException {
        if (node == null || !node.isObject()) {
            throw new UpstreamFormatException(what + " is " + describe(node) + ", expected a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * The JSON object of an error response, or null when the body is not one (a proxy's HTML page):
     * an error status must still reach the client when its body cannot be read.
     */
    static ObjectNode readObjectOrNull(byte[] body) {
        try {
            return readObject(body, "error body");
        } catch (UpstreamFormatException e) {
            return null;
        }
    }

    /** A token count: a non-negative integer field, or null when absent or of another kind. */
    static Integer count(JsonNode parent, String field) {
        JsonNode value = parent == null ? null : parent.get(field);
        return value != null && value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 0
                ? value.intValue() : null;
    }

    /** A text field that may be absent or null. */
    static String optionalText(JsonNode parent, String field) {
        JsonNode value = parent == null ? null : parent.get(field);
        return value == null || !value.isTextual() ? null : value.textValue();
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
