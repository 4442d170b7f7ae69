package io.llmrouter.benchmarks;

import io.llmrouter.config.SnapshotPublishing;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.BreakerState;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.LocalDynamoServer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the route function's snapshot reads cost DynamoDB, from the consumed capacity DynamoDB Local reports, and
 * what that means per partition as the number of warm instances grows.
 *
 * <p>For 20, 200 and 2,000 targets (a health, a cost and a breaker record each, every field set) it reads the state
 * both ways the route function can: the records (one strongly consistent Query of the deployment's partition, the
 * default) and one published copy (an eventually consistent GetItem, {@code store.publishedSnapshot}). Then, for
 * environment counts from 10 to 10,000 refreshing every 5 s (published copies: jittered up to 20 % early, so 4.5 s
 * on average), the read units per second the busiest partition serves, against DynamoDB's 3,000 per partition.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.llmrouter.benchmarks.SnapshotReadCapacity [shards]}
 */
public final class SnapshotReadCapacity {

    private static final String TABLE = "snapshot-read-capacity";
    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final int[] TARGETS = {20, 200, 2_000};
    private static final int[] ENVIRONMENTS = {10, 100, 450, 1_000, 10_000};

    private SnapshotReadCapacity() {
    }

    /** What one read of a deployment's state costs, both ways. */
    private record ReadCost(int targets, double recordsQuery, int queryPages, double publishedCopy, int packedBytes) {
    }

    public static void main(String[] args) throws Exception {
        int shards = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        try (LocalDynamoServer dynamo = LocalDynamoServer.start()) {
            StateTable.createIfMissing(dynamo.client(), TABLE);
            System.out.printf(Locale.ROOT, "Read units per read (DynamoDB Local's consumed capacity), %d shards%n",
                    shards);
            System.out.println("| targets | records: strongly consistent Query | pages | published copy: eventually "
                    + "consistent GetItem | packed body |");
            System.out.println("|---:|---:|---:|---:|---:|");
            ReadCost at200 = null;
            for (int targets : TARGETS) {
                ReadCost cost = measure(dynamo.client(), targets, shards);
                at200 = targets == 200 ? cost : at200;
                System.out.printf(Locale.ROOT, "| %,d | %.1f RCU | %d | %.1f RCU | %,d B |%n", targets,
                        cost.recordsQuery(), cost.queryPages(), cost.publishedCopy(), cost.packedBytes());
            }
            printPerPartition(at200, shards);
        }
        System.exit(0);
    }

    private static ReadCost measure(DynamoDbClient client, int targets, int shards) {
        String partition = "t" + targets;
        StoreSettings settings = StoreSettings.defaults().withTable(TABLE)
                .withPublishing(new SnapshotPublishing(shards, Duration.ofSeconds(60)));
        settings = new StoreSettings(TABLE, partition, settings.snapshotRefresh(), settings.maxSnapshotStaleness(),
                settings.recordTtl(), settings.publishing());
        DynamoRoutingStateStore store = new DynamoRoutingStateStore(client, settings);
        Instant now = Instant.now();
        for (int i = 0; i < targets; i++) {
            String target = "gpu-" + i;
            store.putHealth(new HealthRecord(target, true, "ok", now, 12L, 85.5, 1234.25, 10_000.0, 117.5, 2, 1, 2, 4,
                    8192, List.of("llama-3.1-8b-instruct", "qwen2.5-7b"), "boot-42"));
            store.putCost(new CostRecord(target, CostRecord.ANY_MODEL, 0.00015, 0.0006, 1.5E-7, 42.5, 128_000,
                    CostBasis.LIVE_THROUGHPUT, "node price 0.0928/h", now, 0.0832));
            store.putBreaker(new BreakerState(target, BreakerState.Position.OPEN, 5, now.plusSeconds(30), now, 1), 0);
        }
        store.publishSnapshot();

        double query = 0;
        int pages = 0;
        QueryRequest request = QueryRequest.builder().tableName(TABLE).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(StateTable.partitionKey(partition))))
                .consistentRead(true).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        for (var page : client.queryPaginator(request)) {
            query += page.consumedCapacity().capacityUnits();
            pages++;
        }
        GetItemResponse copy = client.getItem(b -> b.tableName(TABLE).consistentRead(false)
                .key(Map.of("pk", AttributeValue.fromS(StateTable.publishedSnapshotPartitionKey(partition, 0)),
                        "sk", AttributeValue.fromS("snapshot")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        if (!copy.hasItem() || !copy.item().containsKey("body")) {
            throw new IllegalStateException(targets + " targets were not published");
        }
        return new ReadCost(targets, query, pages, copy.consumedCapacity().capacityUnits(),
                copy.item().get("body").b().asByteArrayUnsafe().length);
    }

    private static void printPerPartition(ReadCost cost, int shards) {
        double recordsInterval = REFRESH.toMillis() / 1000.0;
        // Jittered loads come up to 20 % early, 10 % on average.
        double publishedInterval = recordsInterval * 0.9;
        System.out.printf(Locale.ROOT, "%nRead units per second on the busiest partition, 200 targets, refresh %d s "
                + "(limit %,d per partition)%n", REFRESH.toSeconds(), SnapshotPublishing.PARTITION_READ_UNITS_PER_SECOND);
        System.out.printf(Locale.ROOT, "| environments | records (all on one partition) | published: all copies "
                + "| published: each of %d shards |%n", shards);
        System.out.println("|---:|---:|---:|---:|");
        for (int environments : ENVIRONMENTS) {
            double records = environments / recordsInterval * cost.recordsQuery();
            double published = environments / publishedInterval * cost.publishedCopy();
            System.out.printf(Locale.ROOT, "| %,d | %,.0f RCU/s%s | %,.0f RCU/s | %,.0f RCU/s%s |%n", environments,
                    records, over(records), published, published / shards, over(published / shards));
        }
    }

    private static String over(double readUnitsPerSecond) {
        return readUnitsPerSecond > SnapshotPublishing.PARTITION_READ_UNITS_PER_SECOND ? " (over the limit)" : "";
    }
}
