package io.llmrouter.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.ModelAlias;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What makes two requests the same to the cache: the API, the model with what its alias resolves to (an alias
 * pointed at other targets asks for other answers), and every other field of the body, messages, tools and
 * every sampling and length parameter included, compared exactly. Only how the answer is delivered is left
 * out ({@code stream}, {@code stream_options}): a streamed request is served from a whole answer as a stream.
 * The body is normalised first, so that key order and {@code 0} versus {@code 0.0} make no difference.
 */
public final class RequestFingerprint {

    /** How an answer is delivered, not what it says. */
    private static final List<String> DELIVERY_FIELDS = List.of("stream", "stream_options");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestFingerprint() {
    }

    /**
     * @param api   which API the request came to ({@code chat} or {@code completions}): the same body asks for
     *              differently shaped answers at each
     * @param alias what the request's model resolves to; null when it is no alias
     * @return the SHA-256 of the normalised request, 64 lower-case hex digits
     */
    public static String of(String api, ObjectNode body, ModelAlias alias) {
        ObjectNode request = body.deepCopy();
        DELIVERY_FIELDS.forEach(request::remove);
        if (alias != null) {
            request.put("model", alias.name() + " = " + alias.targets().stream()
                    .map(t -> t.model() == null ? t.target() : t.target() + "/" + t.model())
                    .collect(Collectors.joining(", ", "[", "]")));
        }
        try {
            byte[] canonical = JSON.writeValueAsBytes(JsonNodeFactory.instance.objectNode()
                    .put("api", api).set("request", normalised(request)));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keys sorted at every level; numbers by value, without trailing zeros. */
    private static JsonNode normalised(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), normalised(e.getValue())));
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            sorted.forEach(object::set);
            return object;
        }
        if (node.isArray()) {
            var array = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(element -> array.add(normalised(element)));
            return array;
        }
        if (node.isNumber()) {
            BigDecimal value = node.decimalValue().stripTrailingZeros();
            return JsonNodeFactory.instance.textNode(value.signum() == 0 ? "0" : value.toPlainString());
        }
        return node;
    }
}
