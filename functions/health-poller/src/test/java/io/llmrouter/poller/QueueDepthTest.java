package io.llmrouter.poller;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.aws.CloudWatchStub;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.llmrouter.testing.llama.LlamaServerRig;
import io.llmrouter.testing.llama.LongGenerations;
import io.llmrouter.testing.llama.TinyModels;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A server with more concurrent generations than slots: the poller sees the queue, and publishes it. */
class QueueDepthTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();
    @RegisterExtension
    static final LlamaServerRig llama = LlamaServerRig.builder().model(TinyModels.SMALL).servers(1).slots(2)
            .contextSize(2048).build();

    @TempDir
    Path dir;

    @Test
    void concurrentGenerationsBeyondTheSlotsShowAsQueueDepth() throws Exception {
        String table = dynamo.tableName();
        StateTable.createIfMissing(dynamo.client(), table);
        Path config = Files.writeString(dir.resolve("router.yaml"), """
                clusters:
                  - {name: loaded, endpoint: "%s", costPerHour: 0.09}
                store: {tableName: %s}
                """.formatted(llama.baseUri(0), table));
        var store = new DynamoRoutingStateStore(dynamo.client(), StoreSettings.defaults().withTable(table));
        try (var cloudWatch = new CloudWatchStub();
             var handler = new HealthPollerHandler(ApplicationContext.builder().properties(Map.of(
                "router.config", config.toString(), "dynamodb.endpoint", dynamo.endpoint().toString(),
                "cloudwatch.endpoint", cloudWatch.endpoint().toString(), "metrics.publish", true,
                "poll.schedule", "30s")));
             LongGenerations load = llama.startLongGenerations(0, 3, 600)) {
            ScheduledEvent event = EventLoader.loadScheduledEvent("events/scheduled-health-poll.json");
            int maxDeferred = 0;
            int maxBusy = 0;
            // Bounded: three 600-token generations on two slots last a few seconds here.
            for (int round = 0; round < 200 && load.completedCount() < 3; round++) {
                handler.handleRequest(event, new TestLambdaContext("health-poller", Duration.ofSeconds(55)));
                HealthRecord record = store.loadSnapshot().healthOf("loaded").orElseThrow();
                maxDeferred = Math.max(maxDeferred, record.requestsDeferred() == null ? 0 : record.requestsDeferred());
                maxBusy = Math.max(maxBusy, record.busySlots() == null ? 0 : record.busySlots());
                Thread.sleep(20);
            }
            load.awaitAll(Duration.ofMinutes(2));
            assertTrue(maxDeferred >= 1, "queue depth seen: " + maxDeferred);
            assertTrue(maxBusy == 2, "busy slots seen: " + maxBusy);
            double maxPublished = cloudWatch.data("QueueDepth", "loaded").stream()
                    .mapToDouble(CloudWatchStub.Datum::value).max().orElse(0);
            assertEquals(maxDeferred, maxPublished, "the deepest queue stored is the deepest published");
        }
    }
}
