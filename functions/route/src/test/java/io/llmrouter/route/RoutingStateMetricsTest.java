package io.llmrouter.route;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.LocalDynamoServer;
import io.llmrouter.testing.aws.StdoutCapture;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.llmrouter.testing.providers.ProviderStub;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When DynamoDB becomes unreachable, the route function keeps routing on its last snapshot and says
 * so in CloudWatch: {@code SnapshotLoadFailures} and {@code SnapshotStaleServes} (docs/metrics.md), which
 * the routing-state-unreachable alarm watches. While DynamoDB answers, neither is written.
 */
class RoutingStateMetricsTest {

    @TempDir
    Path dir;

    @Test
    void failedLoadsAndStaleServesReachCloudWatch() throws Exception {
        try (ProviderStub openai = ProviderStub.openAi("sk-test");
             LocalDynamoServer doomed = LocalDynamoServer.start()) {
            StateTable.createIfMissing(doomed.client(), "state");
            new DynamoRoutingStateStore(doomed.client(), StoreSettings.defaults().withTable("state")).putCost(
                    new CostRecord("openai", "gpt-4o-mini", 0.00015, 0.0006, null, null, 128_000, CostBasis.PRICE_FEED,
                            "test", Instant.now()));
            Path config = Files.writeString(dir.resolve("router.yaml"), """
                    externalProviders:
                      - {name: openai, type: openai, apiKey: sk-test, baseUrl: "%s", defaultModel: gpt-4o-mini}
                    store: {tableName: state, snapshotRefresh: 1s}
                    """.formatted(openai.baseUrl()));
            try (RouteHandler handler = new RouteHandler(ApplicationContext.builder().properties(Map.of(
                    "router.config", config.toString(), "dynamodb.endpoint", doomed.endpoint().toString(),
                    "metrics.publish", true)))) {
                var healthy = StdoutCapture.run(() -> chat(handler));
                assertEquals(200, healthy.result().getStatusCode(), healthy.result().getBody());
                assertEquals(List.of("Requests"), metricsOf(healthy.emfDocuments()).stream()
                        .filter(m -> m.startsWith("Snapshot") || m.equals("Requests")).distinct().toList(),
                        "nothing about the routing state while it loads");

                doomed.close();
                Thread.sleep(1_100); // past the 1 s refresh: the next request reloads, and fails to
                var outage = StdoutCapture.run(() -> chat(handler));

                assertEquals(200, outage.result().getStatusCode(), "routed on the last snapshot");
                List<String> metrics = metricsOf(outage.emfDocuments());
                assertTrue(metrics.containsAll(List.of("SnapshotLoadFailures", "SnapshotStaleServes", "SnapshotAge",
                        "Requests")), metrics.toString());
                JsonNode failure = outage.emfDocuments().stream().filter(d -> d.has("SnapshotLoadFailures"))
                        .findFirst().orElseThrow();
                assertEquals("route", failure.path("Function").asText());
                assertEquals("[[\"Function\"]]", failure.path("_aws").path("CloudWatchMetrics").get(0)
                        .path("Dimensions").toString());
                assertTrue(failure.path("SnapshotAge").asDouble() >= 1.0, failure.toString());
            }
        }
    }

    private static APIGatewayV2HTTPResponse chat(RouteHandler handler) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/api-chat-completion.json");
        event.setBody("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        return handler.handleRequest(event, new TestLambdaContext("route", Duration.ofSeconds(29)));
    }

    /** Every metric name the documents declare. */
    private static List<String> metricsOf(List<JsonNode> documents) {
        return documents.stream().flatMap(d -> {
            List<String> names = new java.util.ArrayList<>();
            d.path("_aws").path("CloudWatchMetrics").forEach(directive -> directive.path("Metrics")
                    .forEach(m -> names.add(m.path("Name").asText())));
            return names.stream();
        }).toList();
    }
}
