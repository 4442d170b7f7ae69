package io.llmrouter.cache;

import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.RoutingStateUnavailableException;
import io.llmrouter.state.StateTable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Cached answers in the routing-state table's {@code cache#<partition>} (see {@link StateTable}): one item per
 * answer, its completion GZIP'd, with a {@code ttl} DynamoDB deletes it by. One GetItem per lookup (eventually
 * consistent: an answer written a moment ago elsewhere may be missed once, which costs one upstream call), one
 * PutItem per answer kept.
 */
public final class DynamoAnswerStore implements AnswerStore {

    /**
     * The most a compressed body may take: DynamoDB's item limit is 400 KB, and the keys and the other attributes
     * take well under the 16 KB left.
     */
    static final int MAX_COMPRESSED_BODY = 384 * 1024;

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final String partitionKey;

    public DynamoAnswerStore(DynamoDbClient dynamo, StoreSettings settings) {
        this.dynamo = dynamo;
        this.tableName = settings.tableName();
        this.partitionKey = StateTable.cachePartitionKey(settings.partition());
    }

    @Override
    public Optional<CachedAnswer> find(String scope, String fingerprint) {
        Map<String, AttributeValue> item;
        try {
            item = dynamo.getItem(b -> b.tableName(tableName).key(key(scope, fingerprint))).item();
        } catch (SdkException e) {
            throw new RoutingStateUnavailableException("the answer cache cannot be read: " + e.getMessage(), e);
        }
        if (item == null || item.isEmpty() || !item.containsKey("body")) {
            return Optional.empty();
        }
        return Optional.of(new CachedAnswer(Gzip.decompress(item.get("body").b().asByteArray()),
                string(item, "target"), string(item, "servedModel"), whole(item, "promptTokens"),
                whole(item, "completionTokens"), item.containsKey("costUsd") ? Double.valueOf(item.get("costUsd").n()) : null,
                Instant.ofEpochMilli(Long.parseLong(item.get("createdAt").n()))));
    }

    @Override
    public boolean put(String scope, String fingerprint, CachedAnswer answer, Instant expiresAt) {
        byte[] compressed = Gzip.compress(answer.body());
        if (compressed.length > MAX_COMPRESSED_BODY) {
            return false;
        }
        Map<String, AttributeValue> item = new HashMap<>(key(scope, fingerprint));
        item.put("body", AttributeValue.fromB(SdkBytes.fromByteArray(compressed)));
        put(item, "target", answer.target());
        put(item, "servedModel", answer.servedModel());
        number(item, "promptTokens", answer.promptTokens());
        number(item, "completionTokens", answer.completionTokens());
        if (answer.costUsd() != null) {
            item.put("costUsd", AttributeValue.fromN(BigDecimal.valueOf(answer.costUsd()).toPlainString()));
        }
        item.put("createdAt", AttributeValue.fromN(Long.toString(answer.createdAt().toEpochMilli())));
        item.put(StateTable.TTL, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
        try {
            dynamo.putItem(b -> b.tableName(tableName).item(item));
        } catch (SdkException e) {
            throw new RoutingStateUnavailableException("the answer cache cannot be written: " + e.getMessage(), e);
        }
        return true;
    }

    private Map<String, AttributeValue> key(String scope, String fingerprint) {
        return Map.of(StateTable.PARTITION_KEY, AttributeValue.fromS(partitionKey),
                StateTable.SORT_KEY, AttributeValue.fromS(StateTable.cacheSortKey(scope, fingerprint)));
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static void number(Map<String, AttributeValue> item, String name, Integer value) {
        if (value != null) {
            item.put(name, AttributeValue.fromN(value.toString()));
        }
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static Integer whole(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : Integer.valueOf(value.n());
    }
}
