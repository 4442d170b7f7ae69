package io.llmrouter.state;

import io.llmrouter.config.StoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.llmrouter.state.StateTable.BREAKER_PREFIX;
import static io.llmrouter.state.StateTable.COST_PREFIX;
import static io.llmrouter.state.StateTable.HEALTH_PREFIX;
import static io.llmrouter.state.StateTable.OBSERVED_AT;
import static io.llmrouter.state.StateTable.PARTITION_KEY;
import static io.llmrouter.state.StateTable.SORT_KEY;
import static io.llmrouter.state.StateTable.TTL;
import static io.llmrouter.state.StateTable.VERSION;

/**
 * The routing state in one DynamoDB partition per deployment (see {@link StateTable} for the design).
 *
 * <p>Health and cost writes keep the newest observation: a write lands unless the stored record was
 * observed strictly later. Equal timestamps let the write through, because an observation is only
 * dropped when a newer one exists: a replayed write is then a harmless rewrite, and a record recomputed
 * from the same observation (say, a cost after a config change) can still land.
 *
 * <p>Expired items (past their {@code ttl}) count as absent even before DynamoDB's TTL sweep, which
 * can lag by days, deletes them: snapshots leave them out, and a breaker write expecting "none stored"
 * (version 0) may replace an expired breaker.
 *
 * <p>Snapshots are read strongly consistent. The read happens once per refresh interval per instance,
 * so the doubled read cost is small, and in exchange a breaker writer that reloads after its write
 * sees that write and the version its next write must name.
 */
public final class DynamoRoutingStateStore implements RoutingStateStore {

    private static final Logger log = LoggerFactory.getLogger(DynamoRoutingStateStore.class);

    private static final String NOT_OLDER = "attribute_not_exists(#pk) OR #observedAt <= :observedAt";
    private static final String SAME_VERSION_OR_EXPIRED =
            "attribute_not_exists(#pk) OR #version = :expected OR #ttl <= :now";
    private static final String NOT_EXPIRED = "attribute_not_exists(#ttl) OR #ttl > :now";

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final String partitionKey;
    private final Duration recordTtl;
    private final Clock clock;

    public DynamoRoutingStateStore(DynamoDbClient dynamo, StoreSettings settings) {
        this(dynamo, settings, Clock.systemUTC());
    }

    /** @param clock decides which items have expired and stamps {@link RoutingSnapshot#loadedAt()} */
    public DynamoRoutingStateStore(DynamoDbClient dynamo, StoreSettings settings, Clock clock) {
        this.dynamo = dynamo;
        this.tableName = settings.tableName();
        this.partitionKey = StateTable.partitionKey(settings.partition());
        this.recordTtl = settings.recordTtl();
        this.clock = clock;
    }

    @Override
    public boolean putHealth(HealthRecord record) {
        return putUnlessNewerStored(HealthItemMapper.toItem(record, partitionKey, recordTtl));
    }

    @Override
    public boolean putCost(CostRecord record) {
        return putUnlessNewerStored(CostItemMapper.toItem(record, partitionKey, recordTtl));
    }

    @Override
    public boolean putBreaker(BreakerState state, long expectedVersion) {
        return putBreaker(state, expectedVersion, ReturnValuesOnConditionCheckFailure.NONE).written();
    }

    @Override
    public BreakerWrite putBreakerOrRead(BreakerState state, long expectedVersion) {
        return putBreaker(state, expectedVersion, ReturnValuesOnConditionCheckFailure.ALL_OLD);
    }

    private BreakerWrite putBreaker(BreakerState state, long expectedVersion,
                                    ReturnValuesOnConditionCheckFailure onLoss) {
        if (expectedVersion < 0 || state.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("Breaker state for " + state.target() + " carries version "
                    + state.version() + "; a write expecting version " + expectedVersion
                    + " must carry " + (expectedVersion + 1));
        }
        Map<String, AttributeValue> item = BreakerItemMapper.toItem(state, partitionKey, recordTtl);
        try {
            dynamo.putItem(b -> b.tableName(tableName).item(item).conditionExpression(SAME_VERSION_OR_EXPIRED)
                    .expressionAttributeNames(Map.of("#pk", PARTITION_KEY, "#version", VERSION, "#ttl", TTL))
                    .expressionAttributeValues(Map.of(
                            ":expected", AttributeValue.fromN(Long.toString(expectedVersion)),
                            ":now", ItemFields.epochSeconds(clock.instant())))
                    .returnValuesOnConditionCheckFailure(onLoss));
            return new BreakerWrite(true, state);
        } catch (ConditionalCheckFailedException lost) {
            log.debug("Not written, the stored breaker wins: {} / {}", partitionKey, item.get(SORT_KEY).s());
            return new BreakerWrite(false, lost.hasItem() ? storedBreaker(lost.item()) : null);
        }
    }

    private BreakerState storedBreaker(Map<String, AttributeValue> item) {
        try {
            return BreakerItemMapper.fromItem(item);
        } catch (RuntimeException unreadable) {
            log.warn("Unreadable breaker item {} / {} in table {}: {}", partitionKey, item.get(SORT_KEY),
                    tableName, unreadable.toString());
            return null;
        }
    }

    /** One Query on the partition; the SDK paginator follows LastEvaluatedKey past 1 MB. */
    @Override
    public RoutingSnapshot loadSnapshot() {
        Instant now = clock.instant();
        QueryRequest query = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk")
                .filterExpression(NOT_EXPIRED)
                .expressionAttributeNames(Map.of("#pk", PARTITION_KEY, "#ttl", TTL))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partitionKey),
                        ":now", ItemFields.epochSeconds(now)))
                .consistentRead(true)
                .build();
        List<HealthRecord> health = new ArrayList<>();
        List<CostRecord> costs = new ArrayList<>();
        List<BreakerState> breakers = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(query).items()) {
            String sortKey = item.get(SORT_KEY).s();
            try {
                if (sortKey.startsWith(HEALTH_PREFIX)) {
                    health.add(HealthItemMapper.fromItem(item));
                } else if (sortKey.startsWith(COST_PREFIX)) {
                    costs.add(CostItemMapper.fromItem(item));
                } else if (sortKey.startsWith(BREAKER_PREFIX)) {
                    breakers.add(BreakerItemMapper.fromItem(item));
                } else {
                    log.debug("Ignoring item {} / {}: not a record type this version knows", partitionKey, sortKey);
                }
            } catch (RuntimeException unreadable) {
                // One bad item (hand-edited, or written by a newer version) must not hide all the others.
                log.warn("Skipping unreadable routing-state item {} / {} in table {}: {}", partitionKey, sortKey,
                        tableName, unreadable.toString());
            }
        }
        return RoutingSnapshot.of(health, costs, breakers, now);
    }

    /**
     * A round's health records in TransactWriteItems of up to 100 conditional puts: one call for 100 clusters
     * instead of 100 (BatchWriteItem takes no conditions, and each record must not overwrite a newer one). A
     * transaction is all or nothing: when one record loses to a newer stored one (another poller overlapped),
     * its batch is written again one record at a time, so only the stale ones are dropped. A transactional write
     * costs two write units per item instead of one: at 200 clusters every 10 s, 40 WRU/s.
     */
    @Override
    public int putHealth(List<HealthRecord> records) {
        int written = 0;
        for (int from = 0; from < records.size(); from += TRANSACTION_ITEMS) {
            List<HealthRecord> batch = records.subList(from, Math.min(records.size(), from + TRANSACTION_ITEMS));
            written += putHealthTransaction(batch);
        }
        return written;
    }

    /** DynamoDB's limit on the items of one transaction. */
    static final int TRANSACTION_ITEMS = 100;

    private int putHealthTransaction(List<HealthRecord> batch) {
        if (batch.size() == 1) {
            return putHealth(batch.get(0)) ? 1 : 0;
        }
        List<TransactWriteItem> puts = new ArrayList<>();
        for (HealthRecord record : batch) {
            Map<String, AttributeValue> item = HealthItemMapper.toItem(record, partitionKey, recordTtl);
            puts.add(TransactWriteItem.builder().put(p -> p
                    .tableName(tableName).item(item).conditionExpression(NOT_OLDER)
                    .expressionAttributeNames(Map.of("#pk", PARTITION_KEY, "#observedAt", OBSERVED_AT))
                    .expressionAttributeValues(Map.of(":observedAt", item.get(OBSERVED_AT)))).build());
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(puts));
            return batch.size();
        } catch (TransactionCanceledException lost) {
            log.debug("A health batch lost to newer records, writing its {} records one by one", batch.size());
            int written = 0;
            for (HealthRecord record : batch) {
                written += putHealth(record) ? 1 : 0;
            }
            return written;
        }
    }

    private boolean putUnlessNewerStored(Map<String, AttributeValue> item) {
        return putIf(item, NOT_OLDER, Map.of("#pk", PARTITION_KEY, "#observedAt", OBSERVED_AT),
                Map.of(":observedAt", item.get(OBSERVED_AT)));
    }

    /** Returns false when the condition does not hold: another write got there first. */
    private boolean putIf(Map<String, AttributeValue> item, String condition, Map<String, String> names,
                          Map<String, AttributeValue> values) {
        try {
            dynamo.putItem(b -> b.tableName(tableName).item(item).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException newerStored) {
            log.debug("Not written, the stored item wins: {} / {}", partitionKey, item.get(SORT_KEY).s());
            return false;
        }
    }
}
