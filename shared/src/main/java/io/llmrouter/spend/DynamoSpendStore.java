package io.llmrouter.spend;

import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.RoutingStateUnavailableException;
import io.llmrouter.state.StateTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Spend roll-ups in the routing-state table, in the deployment's {@code spend#<partition>} (see
 * {@link StateTable}).
 *
 * <p>A batch is one TransactWriteItems call of up to 100 updates that {@code ADD} to their buckets. Why a
 * transaction rather than one UpdateItem per bucket: a flush is then one call instead of dozens, and its
 * ClientRequestToken lets a batch that failed after DynamoDB applied it be sent again without being counted
 * twice. BatchWriteItem would also be one call, but it only puts whole items, which would overwrite what other
 * instances added. The price is that a transaction's writes cost twice the write units of plain updates; at one
 * flush per instance every few seconds, that is small next to a call per request.
 *
 * <p>A failing DynamoDB call is a {@link RoutingStateUnavailableException}, as for the routing state and the keys.
 */
public final class DynamoSpendStore implements SpendStore {

    private static final Logger log = LoggerFactory.getLogger(DynamoSpendStore.class);

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final String partitionKey;

    public DynamoSpendStore(DynamoDbClient dynamo, StoreSettings settings) {
        this.dynamo = dynamo;
        this.tableName = settings.tableName();
        this.partitionKey = StateTable.spendPartitionKey(settings.partition());
    }

    @Override
    public void add(SpendBatch batch) {
        List<TransactWriteItem> updates = batch.lines().stream()
                .map(line -> TransactWriteItem.builder()
                        .update(SpendItemMapper.addition(tableName, partitionKey, line)).build())
                .toList();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(updates).clientRequestToken(batch.token()));
        } catch (SdkException e) {
            throw new RoutingStateUnavailableException("the spend roll-ups cannot be written: " + e.getMessage(), e);
        }
    }

    @Override
    public List<SpendLine> read(SpendGranularity granularity, SpendDimension dimension, Instant firstBucketStart,
                                Instant lastBucketStart) {
        QueryRequest query = QueryRequest.builder().tableName(tableName).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :first AND :last")
                .expressionAttributeNames(Map.of("#pk", StateTable.PARTITION_KEY, "#sk", StateTable.SORT_KEY))
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS(partitionKey),
                        ":first", AttributeValue.fromS(StateTable.spendRangeStart(granularity.wireName(),
                                dimension.wireName(), firstBucketStart)),
                        ":last", AttributeValue.fromS(StateTable.spendRangeEnd(granularity.wireName(),
                                dimension.wireName(), lastBucketStart))))
                .build();
        List<SpendLine> lines = new ArrayList<>();
        try {
            for (Map<String, AttributeValue> item : dynamo.queryPaginator(query).items()) {
                try {
                    lines.add(SpendItemMapper.fromItem(item));
                } catch (RuntimeException unreadable) {
                    log.warn("Skipping unreadable spend item {} / {}: {}", partitionKey,
                            item.get(StateTable.SORT_KEY), unreadable.toString());
                }
            }
        } catch (SdkException e) {
            throw new RoutingStateUnavailableException("the spend roll-ups cannot be read: " + e.getMessage(), e);
        }
        return lines;
    }
}
