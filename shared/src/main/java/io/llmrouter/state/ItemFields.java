package io.llmrouter.state;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes single attributes of a routing-state item. An unknown (null) value is written as no
 * attribute at all and an absent attribute reads back as null, so that "unknown" never turns into 0.
 */
final class ItemFields {

    private ItemFields() {
    }

    /** A new item with its keys and its TTL: {@code expiryBase + recordTtl}, in epoch seconds. */
    static Map<String, AttributeValue> keyedItem(String partitionKey, String sortKey, Instant expiryBase,
                                                 Duration recordTtl) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(StateTable.PARTITION_KEY, AttributeValue.fromS(partitionKey));
        item.put(StateTable.SORT_KEY, AttributeValue.fromS(sortKey));
        item.put(StateTable.TTL, epochSeconds(expiryBase.plus(recordTtl)));
        return item;
    }

    static AttributeValue epochSeconds(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
    }

    static AttributeValue epochMillis(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
    }

    static void putString(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    static void putBoolean(Map<String, AttributeValue> item, String name, boolean value) {
        item.put(name, AttributeValue.fromBool(value));
    }

    /** For whole numbers (Integer, Long). */
    static void putWhole(Map<String, AttributeValue> item, String name, Number value) {
        if (value != null) {
            item.put(name, AttributeValue.fromN(value.toString()));
        }
    }

    /** NaN and infinities (a metric a server could not compute) are unknown, so they are not stored. */
    static void putDouble(Map<String, AttributeValue> item, String name, Double value) {
        if (value != null && Double.isFinite(value)) {
            item.put(name, AttributeValue.fromN(BigDecimal.valueOf(value).toString()));
        }
    }

    /** For numbers a record cannot be without: a non-finite one is a caller's mistake. */
    static void putRequiredDouble(Map<String, AttributeValue> item, String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, was " + value);
        }
        putDouble(item, name, value);
    }

    static void putInstant(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, epochMillis(value));
        }
    }

    /** An empty list is stored as no attribute, the same as the record's "none reported". */
    static void putStrings(Map<String, AttributeValue> item, String name, List<String> values) {
        if (values != null && !values.isEmpty()) {
            item.put(name, AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList()));
        }
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static Boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.bool();
    }

    static Long longValue(Map<String, AttributeValue> item, String name) {
        BigDecimal number = number(item, name);
        return number == null ? null : number.longValueExact();
    }

    static Integer intValue(Map<String, AttributeValue> item, String name) {
        BigDecimal number = number(item, name);
        return number == null ? null : number.intValueExact();
    }

    static Double doubleValue(Map<String, AttributeValue> item, String name) {
        BigDecimal number = number(item, name);
        return number == null ? null : number.doubleValue();
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        Long millis = longValue(item, name);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasL() ? List.of() : value.l().stream().map(AttributeValue::s).toList();
    }

    /** For record components an item cannot be written without. */
    static <T> T requireArgument(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " of a routing-state record must not be null");
        }
        return value;
    }

    /** For attributes a record cannot be read without; the caller names the item in its own error. */
    static <T> T requireAttribute(T value, String name) {
        if (value == null) {
            throw new IllegalStateException("attribute '" + name + "' is missing or not of the expected type");
        }
        return value;
    }

    private static BigDecimal number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : new BigDecimal(value.n());
    }
}
