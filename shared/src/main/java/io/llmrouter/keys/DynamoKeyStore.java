package io.llmrouter.keys;

import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.RoutingStateUnavailableException;
import io.llmrouter.state.StateTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API keys in the routing-state table, in the deployment's {@code keys#<partition>} (see {@link StateTable}).
 * Reads are strongly consistent, so a revocation is seen by the next read anywhere. A failing DynamoDB call
 * is a {@link RoutingStateUnavailableException}, which the gateway answers with 503.
 */
public final class DynamoKeyStore implements KeyStore {

    private static final Logger log = LoggerFactory.getLogger(DynamoKeyStore.class);
    private static final Map<String, String> PK_NAME = Map.of("#pk", StateTable.PARTITION_KEY);

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final String partitionKey;

    public DynamoKeyStore(DynamoDbClient dynamo, StoreSettings settings) {
        this.dynamo = dynamo;
        this.tableName = settings.tableName();
        this.partitionKey = StateTable.keysPartitionKey(settings.partition());
    }

    @Override
    public boolean create(ApiKey key) {
        return putIf(key, "attribute_not_exists(#pk)");
    }

    /**
     * One conditional put: every attribute of {@code expected} must still hold its value and every attribute it
     * lacks must still be absent, so that of two concurrent updates the second fails instead of undoing the
     * first (optimistic locking on the whole item, without a version attribute to keep in step).
     */
    @Override
    public boolean replace(ApiKey expected, ApiKey key) {
        Map<String, AttributeValue> before = KeyItemMapper.toItem(expected, partitionKey);
        Map<String, String> names = new HashMap<>(PK_NAME);
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder condition = new StringBuilder("attribute_exists(#pk)");
        int i = 0;
        for (Map.Entry<String, AttributeValue> attribute : before.entrySet()) {
            if (attribute.getKey().equals(StateTable.PARTITION_KEY) || attribute.getKey().equals(StateTable.SORT_KEY)) {
                continue;
            }
            names.put("#a" + i, attribute.getKey());
            values.put(":a" + i, attribute.getValue());
            condition.append(" AND #a").append(i).append(" = :a").append(i);
            i++;
        }
        for (String optional : KeyItemMapper.OPTIONAL) {
            if (!before.containsKey(optional)) {
                names.put("#a" + i, optional);
                condition.append(" AND attribute_not_exists(#a").append(i).append(')');
                i++;
            }
        }
        try {
            dynamo.putItem(b -> b.tableName(tableName).item(KeyItemMapper.toItem(key, partitionKey))
                    .conditionExpression(condition.toString()).expressionAttributeNames(names)
                    .expressionAttributeValues(values.isEmpty() ? null : values));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        } catch (SdkException e) {
            throw new RoutingStateUnavailableException("the API keys cannot be written: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ApiKey> find(String id) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName).consistentRead(true)
                    .key(Map.of(StateTable.PARTITION_KEY, AttributeValue.fromS(partitionKey),
                            StateTable.SORT_KEY, AttributeValue.fromS(StateTable.keySortKey(id))))).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(KeyItemMapper.fromItem(item));
        } catch (SdkException e) {
            throw new RoutingStateUnavailableException("the API keys cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ApiKey> list() {
        QueryRequest query = QueryRequest.builder().tableName(tableName).consistentRead(true)
                .keyConditionExpression("#pk = :pk").expressionAttributeNames(PK_NAME)
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partitionKey))).build();
        List<ApiKey> keys = new ArrayList<>();
        try {
            for (Map<String, AttributeValue> item : dynamo.queryPaginator(query).items()) {
                try {
                    keys.add(KeyItemMapper.fromItem(item));
                } catch (RuntimeException unreadable) {
                    log.warn("Skipping unreadable key item {} / {}: {}", partitionKey,
                            item.get(StateTable.SORT_KEY), unreadable.toString());
                }
            }
        } catch (SdkException e) {
            throw new RoutingStateUnavailableException("the API keys cannot be read: " + e.getMessage(), e);
        }
        return keys;
    }

    private boolean putIf(ApiKey key, String condition) {
        try {
            dynamo.putItem(b -> b.tableName(tableName).item(KeyItemMapper.toItem(key, partitionKey))
                    .conditionExpression(condition).expressionAttributeNames(PK_NAME));
            return true;
        } catch (ConditionalCheckFailedException refused) {
            return false;
        } catch (SdkException e) {
            throw new RoutingStateUnavailableException("the API keys cannot be written: " + e.getMessage(), e);
        }
    }
}
