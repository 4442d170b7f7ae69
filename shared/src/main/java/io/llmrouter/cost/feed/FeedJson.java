package io.llmrouter.cost.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;

/** The JSON reading every feed parser shares: the root of a body, numbers that may come as strings. */
final class FeedJson {

    /** Trailing tokens fail the parse, so that "{} <html>..." is not taken for an empty feed. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final int QUOTED_TEXT_LIMIT = 40;

    private FeedJson() {
    }

    /** The root node of a feed body; an empty body, HTML or broken JSON rejects the whole feed. */
    static JsonNode readRoot(byte[] body, String feed) throws PriceFeedException {
        if (body == null || isBlank(body)) {
            throw new PriceFeedException(feed + ": empty body");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String hint = looksLikeHtml(body) ? " (the body is an HTML page)" : "";
            throw new PriceFeedException(feed + ": not valid JSON" + hint + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new PriceFeedException(feed + ": unreadable body: " + e.getMessage(), e);
        }
    }

    /** The root object, or a whole-feed rejection naming the type found instead. */
    static JsonNode readRootObject(byte[] body, String feed) throws PriceFeedException {
        JsonNode root = readRoot(body, feed);
        if (!root.isObject()) {
            throw new PriceFeedException(feed + ": expected a JSON object, got " + describe(root));
        }
        return root;
    }

    /** The array under {@code field} of the root object, or a whole-feed rejection. */
    static JsonNode requireArray(JsonNode root, String field, String feed) throws PriceFeedException {
        JsonNode array = root.get(field);
        if (array == null || !array.isArray()) {
            throw new PriceFeedException(feed + ": expected an array \"" + field + "\", got "
                    + (array == null ? "no such field" : describe(array)));
        }
        return array;
    }

    /** JSON embedded as a string inside a feed (AWS PriceList items). */
    static JsonNode readEmbedded(String json) throws BadEntry {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadEntry("embedded JSON is invalid: " + e.getOriginalMessage());
        }
    }

    /**
     * A decimal given as a JSON number or as a numeric string (OpenRouter sends USD as strings).
     * Returns null when the field is absent or null; anything else that is not a number is a bad entry.
     */
    static BigDecimal decimal(JsonNode node, String field) throws BadEntry {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.textValue().trim());
            } catch (NumberFormatException e) {
                throw new BadEntry(field + " is not a number: \"" + shorten(node.textValue()) + "\"");
            }
        }
        throw new BadEntry(field + " is " + describe(node) + ", expected a number");
    }

    /** A whole number that fits an int, or null: context windows are optional, so a bad one is just unknown. */
    static Integer optionalInt(JsonNode node) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            return null;
        }
        return node.intValue();
    }

    static String describe(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String shorten(String text) {
        return text.length() <= QUOTED_TEXT_LIMIT ? text : text.substring(0, QUOTED_TEXT_LIMIT) + "...";
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeHtml(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '<';
            }
        }
        return false;
    }
}
