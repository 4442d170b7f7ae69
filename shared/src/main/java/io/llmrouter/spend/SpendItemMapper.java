package io.llmrouter.spend;

import io.llmrouter.state.StateTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A spend bucket as a DynamoDB item: the amounts as native numbers that updates {@code ADD} to, the bucket's
 * granularity, dimension, value and start (N epoch milliseconds) as attributes of their own so that items read
 * plainly in the console, and {@code ttl}.
 */
final class SpendItemMapper {

    static final String GRANULARITY = "granularity";
    static final String DIMENSION = "dimension";
    static final String VALUE = "value";
    static final String BUCKET_START = "bucketStart";
    static final String USD = "usd";
    static final String REQUESTS = "requests";
    static final String PROMPT_TOKENS = "promptTokens";
    static final String COMPLETION_TOKENS = "completionTokens";

    /** Adds the amounts, and (re)sets the descriptive attributes, which are the same on every update. */
    private static final String UPDATE = "SET #granularity = :granularity, #dimension = :dimension, #value = :value, "
            + "#bucketStart = :bucketStart, #ttl = :ttl "
            + "ADD #usd :usd, #requests :requests, #promptTokens :promptTokens, #completionTokens :completionTokens";
    private static final Map<String, String> NAMES = names();

    private SpendItemMapper() {
    }

    static Map<String, AttributeValue> key(String partitionKey, SpendKey key) {
        return Map.of(StateTable.PARTITION_KEY, AttributeValue.fromS(partitionKey),
                StateTable.SORT_KEY, AttributeValue.fromS(StateTable.spendSortKey(key.granularity().wireName(),
                        key.dimension().wireName(), key.bucketStart(), key.value())));
    }

    static Update addition(String tableName, String partitionKey, SpendLine line) {
        SpendKey key = line.key();
        SpendAmount amount = line.amount();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":granularity", AttributeValue.fromS(key.granularity().wireName()));
        values.put(":dimension", AttributeValue.fromS(key.dimension().wireName()));
        values.put(":value", AttributeValue.fromS(key.value()));
        values.put(":bucketStart", number(key.bucketStart().toEpochMilli()));
        values.put(":ttl", number(key.bucketStart().plus(key.granularity().retention()).getEpochSecond()));
        // Plain decimals: DynamoDB adds them exactly, to 38 digits, whatever the number of instances adding.
        values.put(":usd", AttributeValue.fromN(BigDecimal.valueOf(amount.usd()).toPlainString()));
        values.put(":requests", number(amount.requests()));
        values.put(":promptTokens", number(amount.promptTokens()));
        values.put(":completionTokens", number(amount.completionTokens()));
        return Update.builder().tableName(tableName).key(key(partitionKey, key)).updateExpression(UPDATE)
                .expressionAttributeNames(NAMES).expressionAttributeValues(values).build();
    }

    static SpendLine fromItem(Map<String, AttributeValue> item) {
        SpendGranularity granularity = SpendGranularity.fromWire(item.get(GRANULARITY).s()).orElseThrow();
        SpendDimension dimension = SpendDimension.fromWire(item.get(DIMENSION).s()).orElseThrow();
        SpendKey key = new SpendKey(granularity, dimension,
                Instant.ofEpochMilli(Long.parseLong(item.get(BUCKET_START).n())), item.get(VALUE).s());
        return new SpendLine(key, new SpendAmount(Double.parseDouble(item.get(USD).n()), count(item, REQUESTS),
                count(item, PROMPT_TOKENS), count(item, COMPLETION_TOKENS)));
    }

    private static long count(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : Long.parseLong(value.n());
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static Map<String, String> names() {
        Map<String, String> names = new HashMap<>();
        for (String name : new String[]{GRANULARITY, DIMENSION, VALUE, BUCKET_START, USD, REQUESTS, PROMPT_TOKENS,
                COMPLETION_TOKENS, StateTable.TTL}) {
            names.put("#" + name, name);
        }
        return Map.copyOf(names);
    }
}
