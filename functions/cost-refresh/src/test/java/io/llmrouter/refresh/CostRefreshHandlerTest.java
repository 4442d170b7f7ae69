package io.llmrouter.refresh;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.aws.CloudWatchStub;
import io.llmrouter.testing.aws.StdoutCapture;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * cost-refresh as Lambda runs it: the scheduled event in, cost records in DynamoDB Local out, counts as
 * EMF on stdout and each target's price as a gauge in a loopback CloudWatch.
 */
class CostRefreshHandlerTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    @TempDir
    Path dir;

    @Test
    void pricesClustersFromHealthAndProvidersFromTheFeedAndReportsABrokenFeed() throws Exception {
        String table = dynamo.tableName();
        StateTable.createIfMissing(dynamo.client(), table);
        Path feed = Path.of(getClass().getResource("/litellm-model-prices.json").toURI());
        Path broken = Files.writeString(dir.resolve("broken.json"), "<html>502 Bad Gateway</html>");
        Path config = Files.writeString(dir.resolve("router.yaml"), """
                router: {overheadFactor: 1.0}
                clusters:
                  - {name: aws-us-west-2, endpoint: "http://127.0.0.1:1", costPerHour: 0.0928, instanceType: t3.large}
                  - {name: idle-new, endpoint: "http://127.0.0.1:2", costPerHour: 0.0950, instanceType: n1-standard-2, models: [llama-3.2-1b-instruct]}
                externalProviders:
                  - {name: openai, type: openai, apiKey: test-key, models: [gpt-4o-mini]}
                priceFeeds:
                  - {name: mirror, format: litellm, location: "%s"}
                  - {name: litellm, format: litellm, location: "%s"}
                store: {tableName: %s}
                """.formatted(broken, feed, table));
        var store = new DynamoRoutingStateStore(dynamo.client(), StoreSettings.defaults().withTable(table));
        store.putHealth(new HealthRecord("aws-us-west-2", true, "ok", Instant.now().minusSeconds(1), 3L, 15.0, null,
                null, null, 0, 0, 0, 2, 4096, List.of(), "m"));

        try (var cloudWatch = new CloudWatchStub();
             var handler = new CostRefreshHandler(ApplicationContext.builder().properties(Map.of(
                "router.config", config.toString(), "dynamodb.endpoint", dynamo.endpoint().toString(),
                "cloudwatch.endpoint", cloudWatch.endpoint().toString(), "metrics.publish", true)))) {
            ScheduledEvent event = EventLoader.loadScheduledEvent("events/scheduled-cost-refresh.json");
            var captured = StdoutCapture.run(() ->
                    handler.handleRequest(event, new TestLambdaContext("cost-refresh", Duration.ofSeconds(60))));
            RefreshSummary summary = captured.result();
            JsonNode emf = captured.emfDocument();
            assertEquals(1, emf.path("PriceFeedFailures").asInt(), emf.toString());
            assertEquals(3, emf.path("CostRecordsWritten").asInt());
            assertEquals("LlmRouter", emf.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText());

            assertEquals(3, summary.recordsWritten(), summary.toString());
            assertTrue(summary.clusterCostPer1k().get("aws-us-west-2").startsWith("0.001719"), summary.toString());
            assertTrue(summary.clusterCostPer1k().get("idle-new").contains("expected_throughput"), summary.toString());
            assertEquals(1, summary.failedFeeds().size());
            assertTrue(summary.failedFeeds().get(0).startsWith("mirror: "), summary.failedFeeds().toString());

            // Checked before anything else runs: the gauges were published before the handler returned.
            RoutingSnapshot stored = store.loadSnapshot();
            assertEquals(1, cloudWatch.calls().size());
            assertEquals("LlmRouter", cloudWatch.calls().get(0).namespace());
            assertEquals(List.of(stored.costOf("aws-us-west-2", CostRecord.ANY_MODEL).orElseThrow().costPer1k()),
                    costPer1k(cloudWatch, "aws-us-west-2"));
            assertEquals(0.001719, costPer1k(cloudWatch, "aws-us-west-2").get(0), 1e-6);
            assertEquals(List.of(stored.costOf("idle-new", CostRecord.ANY_MODEL).orElseThrow().costPer1k()),
                    costPer1k(cloudWatch, "idle-new"));
            assertEquals(List.of(stored.costOf("openai", "gpt-4o-mini").orElseThrow().outputPer1k()),
                    costPer1k(cloudWatch, "openai"), "the default model's output price");
            assertEquals(0.0006, costPer1k(cloudWatch, "openai").get(0), 1e-12);
            assertEquals(3, cloudWatch.data().size(), cloudWatch.data().toString());
            assertEquals("None", cloudWatch.data().get(0).unit());
        }
        RoutingSnapshot snapshot = store.loadSnapshot();
        assertFalse(snapshot.costs().isEmpty());
        assertEquals(CostBasis.LIVE_THROUGHPUT, snapshot.costOf("aws-us-west-2", CostRecord.ANY_MODEL).orElseThrow().basis());
        assertEquals(0.00015, snapshot.costOf("openai", "gpt-4o-mini").orElseThrow().inputPer1k(), 1e-12);
    }

    static List<Double> costPer1k(CloudWatchStub cloudWatch, String target) {
        return cloudWatch.data("CostPer1k", target).stream().map(CloudWatchStub.Datum::value).toList();
    }
}
