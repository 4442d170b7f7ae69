package io.llmrouter.state;

import io.llmrouter.config.StoreSettings;
import io.llmrouter.testing.LocalDynamoServer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Prints per-operation latencies of the store against DynamoDB Local over loopback. A measurement,
 * not a test: run its {@code main} from the test classpath. Numbers are for comparison between
 * versions on one machine; real DynamoDB adds a network round trip.
 */
public final class StoreLatencyReport {

    private static final int WARM_UP = 200;
    private static final int RUNS = 500;

    public static void main(String[] args) throws Exception {
        try (LocalDynamoServer server = LocalDynamoServer.start()) {
            StoreSettings three = Records.settings("latency", "three");
            StoreSettings twoHundred = Records.settings("latency", "two-hundred");
            StateTable.createIfMissing(server.client(), "latency");
            DynamoRoutingStateStore small = new DynamoRoutingStateStore(server.client(), three);
            DynamoRoutingStateStore large = new DynamoRoutingStateStore(server.client(), twoHundred);
            SnapshotQueryTest.writeTargets(small, 3);
            SnapshotQueryTest.writeTargets(large, 200);

            Instant base = Instant.now();
            measure("putHealth (newer, written)", i -> small.putHealth(
                    Records.fullHealth("gpu-0", base.plusMillis(i + 1))));
            measure("putHealth (older, refused)", i -> small.putHealth(Records.fullHealth("gpu-0", base)));
            measure("putCost (newer, written)", i -> small.putCost(
                    Records.fullCost("gpu-0", "*", base.plusMillis(i + 1))));
            long[] version = {1};
            measure("putBreaker (expected version)", i -> {
                small.putBreaker(Records.openBreaker("gpu-0", base, version[0] + 1), version[0]);
                version[0]++;
            });
            measure("loadSnapshot, 3 targets (9 items)", i -> small.loadSnapshot());
            measure("loadSnapshot, 200 targets (600 items)", i -> large.loadSnapshot());
            SnapshotCache cache = new SnapshotCache(large, twoHundred);
            cache.current();
            measure("SnapshotCache.current() while fresh", i -> cache.current());

            var consumed = server.client().query(b -> b.tableName("latency").consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("router#two-hundred")))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
            System.out.printf("200-target snapshot: %.1f read units per strongly consistent load%n",
                    consumed.capacityUnits());
        }
    }

    private static void measure(String operation, IntConsumer op) {
        for (int i = 0; i < WARM_UP; i++) {
            op.accept(i);
        }
        long[] nanos = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            op.accept(WARM_UP + i);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("%-42s p50 %8.3f ms  p90 %8.3f ms  p99 %8.3f ms  (%d runs)%n", operation,
                ms(nanos[RUNS / 2]), ms(nanos[RUNS * 9 / 10]), ms(nanos[RUNS * 99 / 100]), RUNS);
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
