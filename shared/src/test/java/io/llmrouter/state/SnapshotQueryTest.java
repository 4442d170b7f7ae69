package io.llmrouter.state;

import io.llmrouter.testing.ApiCallCounter;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.llmrouter.state.Records.RECORD_TTL;
import static io.llmrouter.state.Records.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A snapshot is one Query on the deployment's partition, paginated only past 1 MB. */
class SnapshotQueryTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    private final MutableClock clock = new MutableClock(T0);
    private final ApiCallCounter calls = new ApiCallCounter();
    private DynamoDbClient countedClient;
    private DynamoRoutingStateStore store;

    @BeforeEach
    void createTable() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        countedClient = dynamo.newClient(calls);
        store = new DynamoRoutingStateStore(countedClient, Records.settings(dynamo.tableName(), "sq"), clock);
    }

    @AfterEach
    void closeClient() {
        countedClient.close();
    }

    @Test
    void twoHundredTargetsWithThreeRecordsEachLoadWithOneQuery() {
        writeTargets(store, 200);
        calls.reset();

        RoutingSnapshot snapshot = store.loadSnapshot();

        assertEquals(1, calls.count("Query"));
        assertEquals(1, calls.total());
        assertEquals(200, snapshot.health().size());
        assertEquals(200, snapshot.costs().size());
        assertEquals(200, snapshot.breakers().size());
        assertEquals(Records.fullHealth("gpu-137", T0), snapshot.health().get("gpu-137"));
        assertEquals(T0, snapshot.loadedAt());
    }

    @Test
    void aStateLargerThanOneMegabyteLoadsCompletelyOverSeveralPages() {
        // 40 records of ~40 KB: 1.6 MB, more than one Query page holds.
        List<String> manyModels = IntStream.range(0, 400)
                .mapToObj(i -> "model-" + i + "-" + "x".repeat(90)).toList();
        for (int i = 0; i < 40; i++) {
            store.putHealth(new HealthRecord("gpu-" + i, true, "ok", T0, null, null, null, null, null,
                    null, null, null, null, null, manyModels, null));
        }
        calls.reset();

        RoutingSnapshot snapshot = store.loadSnapshot();

        assertTrue(calls.count("Query") > 1, "pages read: " + calls.count("Query"));
        assertEquals(40, snapshot.health().size());
        assertEquals(manyModels, snapshot.health().get("gpu-39").servedModels());
    }

    @Test
    void deploymentsSharingATableSeeOnlyTheirOwnPartition() {
        DynamoRoutingStateStore staging = new DynamoRoutingStateStore(dynamo.client(),
                Records.settings(dynamo.tableName(), "staging"), clock);
        store.putHealth(Records.fullHealth("gpu-a", T0));
        staging.putHealth(Records.unknownHealth("gpu-a", T0.plusSeconds(1)));
        staging.putBreaker(Records.openBreaker("gpu-b", T0, 1), 0);

        RoutingSnapshot mine = store.loadSnapshot();
        RoutingSnapshot theirs = staging.loadSnapshot();

        assertEquals(Map.of("gpu-a", Records.fullHealth("gpu-a", T0)), mine.health());
        assertTrue(mine.breakers().isEmpty());
        assertEquals(Records.unknownHealth("gpu-a", T0.plusSeconds(1)), theirs.health().get("gpu-a"));
        assertEquals(1, theirs.breakers().size());
    }

    @Test
    void expiredRecordsAreLeftOutBeforeDynamoDbDeletesThem() {
        store.putHealth(Records.fullHealth("gpu-old", T0));
        store.putHealth(Records.fullHealth("gpu-new", T0.plusSeconds(3600)));

        clock.set(T0.plus(RECORD_TTL).plusSeconds(1));

        assertEquals(List.of("gpu-new"), List.copyOf(store.loadSnapshot().health().keySet()));
    }

    @Test
    void anUnreadableItemIsSkippedAndTheRestStillLoads() {
        store.putHealth(Records.fullHealth("gpu-a", T0));
        store.putCost(Records.fullCost("openai", "gpt-4o", T0));
        Map<String, AttributeValue> futureBasis = new HashMap<>(dynamo.client().getItem(b -> b
                .tableName(dynamo.tableName())
                .key(Map.of("pk", AttributeValue.fromS("router#sq"), "sk", AttributeValue.fromS("cost#openai#gpt-4o"))))
                .item());
        futureBasis.put("basis", AttributeValue.fromS("A_BASIS_FROM_A_NEWER_VERSION"));
        futureBasis.put("sk", AttributeValue.fromS("cost#openai#gpt-4o-mini"));
        futureBasis.put("model", AttributeValue.fromS("gpt-4o-mini"));
        dynamo.client().putItem(b -> b.tableName(dynamo.tableName()).item(futureBasis));
        Map<String, AttributeValue> unknownKind = Map.of("pk", AttributeValue.fromS("router#sq"),
                "sk", AttributeValue.fromS("quota#gpu-a"));
        dynamo.client().putItem(b -> b.tableName(dynamo.tableName()).item(unknownKind));

        RoutingSnapshot snapshot = store.loadSnapshot();

        assertEquals(1, snapshot.health().size());
        assertEquals(List.of(new RoutingSnapshot.CostKey("openai", "gpt-4o")), List.copyOf(snapshot.costs().keySet()));
    }

    @Test
    void anEmptyPartitionGivesAnEmptySnapshot() {
        RoutingSnapshot snapshot = store.loadSnapshot();

        assertEquals(RoutingSnapshot.empty(T0), snapshot);
        assertEquals(1, calls.count("Query"));
    }

    static void writeTargets(DynamoRoutingStateStore store, int targets) {
        for (int i = 0; i < targets; i++) {
            String target = "gpu-" + i;
            store.putHealth(Records.fullHealth(target, T0));
            store.putCost(Records.fullCost(target, "*", T0));
            store.putBreaker(Records.openBreaker(target, T0, 1), 0);
        }
    }
}
