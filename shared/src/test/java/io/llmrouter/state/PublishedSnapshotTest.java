package io.llmrouter.state;

import io.llmrouter.config.SnapshotPublishing;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.testing.ApiCallCounter;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.llmrouter.state.Records.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The route function reads a packed copy of the state, spread over shards, and never trusts a bad or old one. */
class PublishedSnapshotTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    private static final int SHARDS = 4;
    private static final Duration MAX_AGE = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(T0);
    private final ApiCallCounter calls = new ApiCallCounter();
    private DynamoDbClient countedClient;
    private DynamoRoutingStateStore store;
    private String partition;

    @BeforeEach
    void createTable(org.junit.jupiter.api.TestInfo test) {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        countedClient = dynamo.newClient(calls);
        partition = "pub-" + test.getTestMethod().orElseThrow().getName();
        store = new DynamoRoutingStateStore(countedClient, settings(partition), clock);
    }

    @AfterEach
    void closeClient() {
        countedClient.close();
    }

    @Test
    void aPublishedSnapshotIsReadWithOneEventuallyConsistentGetItem() {
        SnapshotQueryTest.writeTargets(store, 200);
        clock.advance(Duration.ofMillis(250));
        assertEquals(SHARDS, store.publishSnapshot());
        RoutingSnapshot records = store.loadRecords();
        clock.advance(Duration.ofSeconds(2));
        calls.reset();

        RoutingSnapshot published = store.loadSnapshot();

        assertEquals(1, calls.total());
        assertEquals(1, calls.count("GetItem"));
        assertEquals(records.health(), published.health());
        assertEquals(records.costs(), published.costs());
        assertEquals(records.breakers(), published.breakers());
        assertEquals(T0.plusMillis(250), published.loadedAt(), "loaded as of when its records were read");
    }

    @Test
    void everyShardIsAPartitionOfItsOwnAndReadsSpreadOverThem() {
        store.putHealth(Records.fullHealth("gpu-a", T0));
        store.publishSnapshot();
        // Each copy made recognisable: copy k says only gpu-k exists.
        for (int shard = 0; shard < SHARDS; shard++) {
            Map<String, AttributeValue> copy = new HashMap<>(storedCopy(shard));
            assertEquals("snapshot#" + partition + "#" + shard, copy.get("pk").s());
            copy.put("body", AttributeValue.fromB(PublishedSnapshotCodec.encode(List.of(
                    HealthItemMapper.toItem(Records.fullHealth("gpu-" + shard, T0), "x", Duration.ofHours(1))))));
            dynamo.client().putItem(b -> b.tableName(dynamo.tableName()).item(copy));
        }

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.addAll(store.loadSnapshot().health().keySet());
        }

        assertEquals(Set.of("gpu-0", "gpu-1", "gpu-2", "gpu-3"), seen);
    }

    @Test
    void withoutAPublishedCopyTheRecordsAreRead() {
        store.putHealth(Records.fullHealth("gpu-a", T0));
        calls.reset();

        RoutingSnapshot snapshot = store.loadSnapshot();

        assertEquals(Set.of("gpu-a"), snapshot.health().keySet());
        assertEquals(1, calls.count("Query"));
    }

    @Test
    void aCopyPastItsMaxAgeIsNotTrusted() {
        store.putHealth(Records.fullHealth("gpu-a", T0));
        store.publishSnapshot();
        store.putHealth(Records.fullHealth("gpu-b", T0.plusSeconds(61)));
        clock.advance(MAX_AGE.plusSeconds(1));

        assertEquals(Set.of("gpu-a", "gpu-b"), store.loadSnapshot().health().keySet());
    }

    @Test
    void anUnreadableCopyIsNotTrusted() {
        store.putHealth(Records.fullHealth("gpu-a", T0));
        store.publishSnapshot();
        for (int shard = 0; shard < SHARDS; shard++) {
            Map<String, AttributeValue> copy = new HashMap<>(storedCopy(shard));
            copy.put("body", AttributeValue.fromB(SdkBytes.fromUtf8String("not gzip")));
            dynamo.client().putItem(b -> b.tableName(dynamo.tableName()).item(copy));
        }
        store.putHealth(Records.fullHealth("gpu-b", T0));

        assertEquals(Set.of("gpu-a", "gpu-b"), store.loadSnapshot().health().keySet());
    }

    @Test
    void anOlderPublishDoesNotOverwriteANewerOne() {
        store.putHealth(Records.fullHealth("gpu-a", T0));
        clock.set(T0.plusSeconds(10));
        assertEquals(SHARDS, store.publishSnapshot());
        DynamoRoutingStateStore late = new DynamoRoutingStateStore(dynamo.client(), settings(partition),
                new MutableClock(T0.plusSeconds(5)));
        store.putHealth(Records.fullHealth("gpu-b", T0));

        assertEquals(0, late.publishSnapshot());
        assertEquals(Set.of("gpu-a"), store.loadSnapshot().health().keySet());
    }

    @Test
    void withPublishingOffNothingIsWrittenAndTheRecordsAreRead() {
        DynamoRoutingStateStore plain = new DynamoRoutingStateStore(countedClient,
                Records.settings(dynamo.tableName(), partition + "-off"), clock);
        plain.putHealth(Records.fullHealth("gpu-a", T0));
        calls.reset();

        assertEquals(0, plain.publishSnapshot());
        assertEquals(Set.of("gpu-a"), plain.loadSnapshot().health().keySet());
        assertEquals(1, calls.count("Query"));
        assertEquals(1, calls.total());
    }

    /**
     * What a read costs, as DynamoDB Local reports it: 200 targets with every field set read as records (a strongly
     * consistent Query) and as one published copy (an eventually consistent GetItem).
     */
    @Test
    void aCopyOf200TargetsCostsAFractionOfTheRecordsQuery() {
        SnapshotQueryTest.writeTargets(store, 200);
        store.publishSnapshot();

        double query = dynamo.client().query(b -> b.tableName(dynamo.tableName())
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(StateTable.partitionKey(partition))))
                .consistentRead(true).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits();
        double copy = dynamo.client().getItem(b -> b.tableName(dynamo.tableName()).key(publishedKey(0))
                .consistentRead(false).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits();

        assertTrue(query >= 30, "records Query: " + query + " read units");
        assertTrue(copy * 10 <= query, "copy " + copy + " read units against the Query's " + query);
    }

    private StoreSettings settings(String partition) {
        return Records.settings(dynamo.tableName(), partition)
                .withPublishing(new SnapshotPublishing(SHARDS, MAX_AGE));
    }

    private Map<String, AttributeValue> publishedKey(int shard) {
        return Map.of("pk", AttributeValue.fromS(StateTable.publishedSnapshotPartitionKey(partition, shard)),
                "sk", AttributeValue.fromS("snapshot"));
    }

    private Map<String, AttributeValue> storedCopy(int shard) {
        return dynamo.client().getItem(b -> b.tableName(dynamo.tableName()).key(publishedKey(shard))).item();
    }
}
