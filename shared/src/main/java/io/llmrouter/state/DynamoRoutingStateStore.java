package io.llmrouter.state;

import io.llmrouter.config.SnapshotPublishing;
import io.llmrouter.config.StoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

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
 * <p>The records are read strongly consistent. The read happens once per refresh interval per instance,
 * so the doubled read cost is small, and in exchange a breaker writer that reloads after its write
 * sees that write and the version its next write must name. With a published snapshot
 * ({@link SnapshotPublishing}) instances read a packed copy instead, eventually consistent; a breaker writer
 * still sees its own writes, which {@code CircuitBreakers} keeps, and a lost conditional write reads the
 * stored breaker back.
 */
public final class DynamoRoutingStateStore implements RoutingStateStore {

    private static final Logger log = LoggerFactory.getLogger(DynamoRoutingStateStore.class);

    private static final String NOT_OLDER = "attribute_not_exists(#pk) OR #observedAt <= :observedAt";
    private static final String SAME_VERSION_OR_EXPIRED =
            "attribute_not_exists(#pk) OR #version = :expected OR #ttl <= :now";
    private static final String NOT_EXPIRED = "attribute_not_exists(#ttl) OR #ttl > :now";

    /** Attributes of a published snapshot (see {@link StateTable}). */
    private static final String BUILT_AT = "builtAt";
    private static final String BODY = "body";
    private static final String ITEM_COUNT = "itemCount";
    /** DynamoDB's 400 KB item limit, less room for the other attributes. */
    static final int MAX_PUBLISHED_BODY_BYTES = 390 * 1024;

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final String partition;
    private final String partitionKey;
    private final SnapshotPublishing publishing;
    /** Whether the last load read a published copy; decides how loudly a fallback is logged. */
    private volatile boolean publishedRead = true;
    private final Duration recordTtl;
    private final Clock clock;

    public DynamoRoutingStateStore(DynamoDbClient dynamo, StoreSettings settings) {
        this(dynamo, settings, Clock.systemUTC());
    }

    /** @param clock decides which items have expired and stamps {@link RoutingSnapshot#loadedAt()} */
    public DynamoRoutingStateStore(DynamoDbClient dynamo, StoreSettings settings, Clock clock) {
        this.dynamo = dynamo;
        this.tableName = settings.tableName();
        this.partition = settings.partition();
        this.partitionKey = StateTable.partitionKey(settings.partition());
        this.publishing = settings.publishing();
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

    /**
     * The records themselves when no snapshot is published; otherwise one published copy, chosen at random, read
     * eventually consistent. A copy that is missing, unreadable or older than {@code publishedSnapshot.maxAge} (its
     * writers may have stopped) is not trusted: the records are read instead.
     */
    @Override
    public RoutingSnapshot loadSnapshot() {
        if (!publishing.enabled()) {
            return loadRecords();
        }
        int shard = ThreadLocalRandom.current().nextInt(publishing.shards());
        Map<String, AttributeValue> copy = dynamo.getItem(b -> b.tableName(tableName)
                .key(publishedKey(shard)).consistentRead(false)).item();
        String distrust = distrust(copy);
        if (distrust == null) {
            try {
                RoutingSnapshot snapshot = snapshotOf(PublishedSnapshotCodec.decode(copy.get(BODY).b()),
                        ItemFields.instant(copy, BUILT_AT));
                publishedRead = true;
                return snapshot;
            } catch (RuntimeException unreadable) {
                distrust = "unreadable (" + unreadable.getMessage() + ")";
            }
        }
        // Loud the first time, quiet while it lasts: every instance would otherwise log it on every refresh.
        String copyName = StateTable.publishedSnapshotPartitionKey(partition, shard);
        if (publishedRead) {
            log.warn("The published snapshot {} is {}; reading the records instead", copyName, distrust);
            publishedRead = false;
        } else {
            log.debug("The published snapshot {} is {}; reading the records instead", copyName, distrust);
        }
        return loadRecords();
    }

    /** Why a published copy cannot be used, or null when it can. */
    private String distrust(Map<String, AttributeValue> copy) {
        if (copy == null || copy.isEmpty()) {
            return "missing (no writer has published yet)";
        }
        Instant builtAt = ItemFields.instant(copy, BUILT_AT);
        if (builtAt == null || !copy.containsKey(BODY)) {
            return "unreadable (no builtAt or body)";
        }
        Duration age = Duration.between(builtAt, clock.instant());
        return age.compareTo(publishing.maxAge()) > 0
                ? age.toSeconds() + " s old, past its maxAge of " + publishing.maxAge().toSeconds() + " s" : null;
    }

    /** One strongly consistent Query on the partition; the SDK paginator follows LastEvaluatedKey past 1 MB. */
    @Override
    public RoutingSnapshot loadRecords() {
        Instant now = clock.instant();
        return snapshotOf(queryRecords(now), now);
    }

    private List<Map<String, AttributeValue>> queryRecords(Instant now) {
        QueryRequest query = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk")
                .filterExpression(NOT_EXPIRED)
                .expressionAttributeNames(Map.of("#pk", PARTITION_KEY, "#ttl", TTL))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partitionKey),
                        ":now", ItemFields.epochSeconds(now)))
                .consistentRead(true)
                .build();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.queryPaginator(query).items().forEach(items::add);
        return items;
    }

    private RoutingSnapshot snapshotOf(List<Map<String, AttributeValue>> items, Instant loadedAt) {
        List<HealthRecord> health = new ArrayList<>();
        List<CostRecord> costs = new ArrayList<>();
        List<BreakerState> breakers = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
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
        return RoutingSnapshot.of(health, costs, breakers, loadedAt);
    }

    /**
     * Reads the records (strongly consistent) and writes them, packed, into every copy of the published snapshot,
     * each unless the stored copy was built later (another writer published meanwhile). A state too large for one
     * item is not published; readers then fall back to the records once the last copy passes its maxAge. A failure
     * is logged here and publishes nothing: the writer's own write has landed, and readers fall back the same way.
     */
    @Override
    public int publishSnapshot() {
        if (!publishing.enabled()) {
            return 0;
        }
        try {
            return publishCopies(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Could not publish the routing state of {}: {}", partitionKey, e.toString());
            return 0;
        }
    }

    private int publishCopies(Instant builtAt) {
        List<Map<String, AttributeValue>> items = queryRecords(builtAt);
        SdkBytes body = PublishedSnapshotCodec.encode(items);
        if (body.asByteArrayUnsafe().length > MAX_PUBLISHED_BODY_BYTES) {
            log.warn("Not publishing the routing state: {} items pack into {} bytes, more than one item holds",
                    items.size(), body.asByteArrayUnsafe().length);
            return 0;
        }
        int written = 0;
        for (int shard = 0; shard < publishing.shards(); shard++) {
            Map<String, AttributeValue> copy = new HashMap<>(publishedKey(shard));
            copy.put(BUILT_AT, ItemFields.epochMillis(builtAt));
            copy.put(ITEM_COUNT, AttributeValue.fromN(Integer.toString(items.size())));
            copy.put(BODY, AttributeValue.fromB(body));
            copy.put(TTL, ItemFields.epochSeconds(builtAt.plus(recordTtl)));
            written += putIf(copy, "attribute_not_exists(#pk) OR #builtAt <= :builtAt",
                    Map.of("#pk", PARTITION_KEY, "#builtAt", BUILT_AT), Map.of(":builtAt", copy.get(BUILT_AT))) ? 1 : 0;
        }
        return written;
    }

    private Map<String, AttributeValue> publishedKey(int shard) {
        return Map.of(PARTITION_KEY, AttributeValue.fromS(StateTable.publishedSnapshotPartitionKey(partition, shard)),
                SORT_KEY, AttributeValue.fromS(StateTable.PUBLISHED_SORT_KEY));
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
