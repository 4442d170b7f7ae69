package io.llmrouter.poller;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.aws.CloudWatchStub;
import io.llmrouter.testing.aws.CloudWatchStub.Datum;
import io.llmrouter.testing.aws.EventBridgeStub;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.llmrouter.testing.llama.LlamaServerRig;
import io.llmrouter.testing.llama.TinyModels;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The health-poller as Lambda runs it (EventBridge scheduled-event JSON in, the Micronaut handler),
 * against three real llama-servers, DynamoDB Local, a loopback EventBridge and a loopback CloudWatch.
 * The gauges are checked as soon as the handler returns: they must be published by then.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthPollerHandlerTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();
    @RegisterExtension
    static final LlamaServerRig llama = LlamaServerRig.builder().model(TinyModels.TINY).servers(3).slots(2)
            .contextSize(512).alias("tiny-random-llama").build();

    static final List<String> CLUSTERS = List.of("aws-us-west-2", "gcp-us-central1", "azure-eastus");
    static final String DOWN_EVENTS = """
            {"source":["llm-router.health-poller"],"detail":{"current":["down"]}}""";
    static final String UP_EVENTS = """
            {"source":["llm-router.health-poller"],"detail":{"previous":["down"],"current":["up"]}}""";

    @TempDir
    static Path dir;
    static EventBridgeStub eventBridge;
    static CloudWatchStub cloudWatch;
    static HealthPollerHandler handler;
    static DynamoRoutingStateStore store;
    static String table;

    @BeforeAll
    static void deploy() throws Exception {
        eventBridge = new EventBridgeStub();
        cloudWatch = new CloudWatchStub();
        table = dynamo.newTableName("health-poller");
        StateTable.createIfMissing(dynamo.client(), table);
        StringBuilder yaml = new StringBuilder("router: {healthCheckInterval: 1s}\nclusters:\n");
        for (int i = 0; i < CLUSTERS.size(); i++) {
            yaml.append("  - {name: ").append(CLUSTERS.get(i)).append(", endpoint: \"").append(llama.baseUri(i))
                    .append("\", costPerHour: 0.09}\n");
        }
        yaml.append("store: {tableName: ").append(table).append("}\n");
        Path config = Files.writeString(dir.resolve("router.yaml"), yaml);
        handler = new HealthPollerHandler(ApplicationContext.builder().properties(Map.of(
                "router.config", config.toString(),
                "dynamodb.endpoint", dynamo.endpoint().toString(),
                "event.bus.name", "llm-router",
                "eventbridge.endpoint", eventBridge.endpoint().toString(),
                "cloudwatch.endpoint", cloudWatch.endpoint().toString(),
                "metrics.publish", true,
                "poll.schedule", "1s")));
        store = new DynamoRoutingStateStore(dynamo.client(), StoreSettings.defaults().withTable(table));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (handler != null) {
            handler.close();
        }
        eventBridge.close();
        cloudWatch.close();
    }

    static PollSummary invoke() {
        cloudWatch.clear();
        ScheduledEvent event = EventLoader.loadScheduledEvent("events/scheduled-health-poll.json");
        return handler.handleRequest(event, new TestLambdaContext("health-poller", Duration.ofSeconds(55)));
    }

    static HealthRecord stored(int cluster) {
        return store.loadSnapshot().healthOf(CLUSTERS.get(cluster)).orElseThrow();
    }

    @Test
    @Order(1)
    void recordsEveryLiveServer() {
        PollSummary summary = invoke();

        assertEquals(3, summary.clusters());
        assertEquals(3, summary.up(), summary.toString());
        for (int i = 0; i < 3; i++) {
            HealthRecord record = stored(i);
            assertTrue(record.up(), record.toString());
            assertNotNull(record.probeLatencyMs());
            assertEquals(0, record.requestsDeferred(), "metrics are on: an idle queue is a known 0");
            assertEquals(2, record.totalSlots());
            assertEquals(512 / 2, record.contextWindow(), "n_ctx per slot");
            assertTrue(record.servedModels().contains("tiny-random-llama"), record.servedModels().toString());
            assertNotNull(record.restartMarker());
        }
        assertTrue(eventBridge.events().isEmpty(), "first sight of healthy clusters is not news");

        for (int i = 0; i < 3; i++) {
            HealthRecord record = stored(i);
            String target = CLUSTERS.get(i);
            assertEquals(1.0, gauge("TargetUp", target).value());
            assertEquals(0.0, gauge("QueueDepth", target).value());
            assertEquals(record.generationTokensPerSecond(), gauge("TokensPerSecond", target).value());
            Datum latency = gauge("ProbeLatency", target);
            assertEquals(record.probeLatencyMs().doubleValue(), latency.value());
            assertEquals("Milliseconds", latency.unit());
        }
        assertEquals(3.0, gauge("HealthyClusters", null).value());
        assertEquals(3.0, gauge("TotalClusters", null).value());
        assertEquals(1, cloudWatch.calls().size(), "one round, one PutMetricData");
        assertEquals("LlmRouter", cloudWatch.calls().get(0).namespace());
        assertEquals(3 * 4 + 2, cloudWatch.data().size(), cloudWatch.data().toString());
    }

    @Test
    @Order(2)
    void aKilledServerIsDownWithinOneRoundAndAnnounced() {
        llama.kill(1);
        PollSummary summary = invoke();

        assertEquals(List.of("gcp-us-central1"), summary.down());
        HealthRecord record = stored(1);
        assertFalse(record.up());
        assertTrue(record.reason().contains("refused"), record.reason());
        List<JsonNode> downs = eventBridge.eventsMatching(DOWN_EVENTS);
        assertEquals(1, downs.size());
        assertEquals("gcp-us-central1", downs.get(0).path("detail").path("cluster").asText());
        assertEquals("up", downs.get(0).path("detail").path("previous").asText());
        assertTrue(stored(0).up() && stored(2).up(), "one dead cluster does not affect the others");

        assertEquals(0.0, gauge("TargetUp", "gcp-us-central1").value());
        assertEquals(1.0, gauge("TargetUp", "aws-us-west-2").value());
        assertEquals(1.0, gauge("TargetUp", "azure-eastus").value());
        assertTrue(cloudWatch.data("QueueDepth", "gcp-us-central1").isEmpty(), "a dead server's queue is unknown, not 0");
        assertTrue(cloudWatch.data("TokensPerSecond", "gcp-us-central1").isEmpty());
        assertEquals(2.0, gauge("HealthyClusters", null).value());
        assertEquals(3.0, gauge("TotalClusters", null).value());
    }

    @Test
    @Order(3)
    void aRestartedServerIsUpAgainWithANewRestartMarker() {
        String before = stored(0).restartMarker();
        llama.restart(1);
        llama.restart(0);
        PollSummary summary = invoke();

        assertEquals(3, summary.up(), summary.toString());
        assertTrue(stored(1).up());
        assertEquals(1, eventBridge.eventsMatching(UP_EVENTS).size());
        assertFalse(before.equals(stored(0).restartMarker()), "the restart marker changes with the process");
        for (String cluster : CLUSTERS) {
            assertEquals(1.0, gauge("TargetUp", cluster).value(), cluster);
        }
        assertEquals(3.0, gauge("HealthyClusters", null).value());
    }

    @Test
    @Order(4)
    void withPublishingOffNoRequestIsMade() throws Exception {
        cloudWatch.clear();
        try (var quiet = new HealthPollerHandler(ApplicationContext.builder().properties(Map.of(
                "router.config", dir.resolve("router.yaml").toString(),
                "dynamodb.endpoint", dynamo.endpoint().toString(),
                "cloudwatch.endpoint", cloudWatch.endpoint().toString(),
                "metrics.publish", false,
                "poll.schedule", "1s")))) {
            ScheduledEvent event = EventLoader.loadScheduledEvent("events/scheduled-health-poll.json");
            PollSummary summary = quiet.handleRequest(event, new TestLambdaContext("health-poller", Duration.ofSeconds(55)));
            assertEquals(3, summary.up(), summary.toString());
        }
        assertEquals(0, cloudWatch.requestsSeen());
    }

    @Test
    @Order(5)
    void everyRoundOfAnInvocationIsPublished() throws Exception {
        cloudWatch.clear();
        try (var twoRounds = new HealthPollerHandler(ApplicationContext.builder().properties(Map.of(
                "router.config", dir.resolve("router.yaml").toString(),
                "dynamodb.endpoint", dynamo.endpoint().toString(),
                "cloudwatch.endpoint", cloudWatch.endpoint().toString(),
                "metrics.publish", true,
                "poll.schedule", "2s")))) {
            ScheduledEvent event = EventLoader.loadScheduledEvent("events/scheduled-health-poll.json");
            PollSummary summary = twoRounds.handleRequest(event, new TestLambdaContext("health-poller", Duration.ofSeconds(55)));
            assertEquals(2, summary.rounds());
        }
        assertEquals(2, cloudWatch.calls().size(), "one PutMetricData per round");
        assertEquals(List.of(3.0, 3.0), cloudWatch.data("HealthyClusters", null).stream().map(Datum::value).toList());
        assertEquals(2, cloudWatch.data("TargetUp", "azure-eastus").size());
    }

    /** The one data point of a gauge the last invocation published. */
    static Datum gauge(String metric, String target) {
        List<Datum> data = cloudWatch.data(metric, target);
        assertEquals(1, data.size(), metric + " " + target + ": " + cloudWatch.data());
        return data.get(0);
    }
}
