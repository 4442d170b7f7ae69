package io.llmrouter.route;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.llmrouter.config.SnapshotPublishing;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoCallCounter;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.llmrouter.testing.providers.ProviderStub;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A route function configured with {@code store.publishedSnapshot} routes on the packed copies the writers publish:
 * its loads are single GetItems on the copies' partitions, never a Query of the records, and a price change a
 * writer publishes reaches its decisions at the next refresh.
 */
class PublishedSnapshotRoutingTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    @TempDir
    Path dir;

    @Test
    void routesOnThePublishedCopyAndSeesWhatTheWritersPublishNext() throws Exception {
        String table = dynamo.tableName();
        StateTable.createIfMissing(dynamo.client(), table);
        StoreSettings settings = StoreSettings.defaults().withTable(table)
                .withPublishing(new SnapshotPublishing(4, Duration.ofSeconds(60)));
        DynamoRoutingStateStore writer = new DynamoRoutingStateStore(dynamo.client(), settings);
        try (ProviderStub first = ProviderStub.openAi("sk-first");
             ProviderStub second = ProviderStub.openAi("sk-second");
             DynamoCallCounter calls = new DynamoCallCounter(dynamo.endpoint())) {
            Path config = Files.writeString(dir.resolve("router.yaml"), """
                    router: {routingStrategy: cost, hysteresis: {margin: 0.1, holdTime: 0s}}
                    externalProviders:
                      - {name: first, type: openai, apiKey: sk-first, baseUrl: "%s", defaultModel: gpt-4o-mini}
                      - {name: second, type: openai, apiKey: sk-second, baseUrl: "%s", defaultModel: gpt-4o-mini}
                    store: {tableName: %s, snapshotRefresh: 1s, publishedSnapshot: {shards: 4}}
                    """.formatted(first.baseUrl(), second.baseUrl(), table));
            price(writer, "first", 0.00015);
            price(writer, "second", 0.0015);
            writer.publishSnapshot(); // as the cost refresh does after writing prices
            try (RouteHandler handler = new RouteHandler(ApplicationContext.builder().properties(Map.of(
                    "router.config", config.toString(), "dynamodb.endpoint", calls.endpoint().toString(),
                    "metrics.publish", false)))) {
                for (int i = 0; i < 20; i++) {
                    assertEquals("first", targetOf(chat(handler)));
                }
                assertEquals(0, calls.countMentioning("router#default"), "the records were never queried");
                assertTrue(calls.countMentioning("snapshot#default#") >= 1, "read from the copies");

                price(writer, "first", 0.003); // now ten times dearer than second...
                price(writer, "second", 0.0003);
                assertEquals("first", targetOf(chat(handler)), "...but not yet published");
                writer.publishSnapshot();
                Thread.sleep(1_100); // one refresh

                assertEquals("second", targetOf(chat(handler)));
                assertEquals(0, calls.countMentioning("router#default"));
            }
        }
    }

    private static void price(DynamoRoutingStateStore store, String provider, double inputPer1k) {
        store.putCost(new CostRecord(provider, "gpt-4o-mini", inputPer1k, inputPer1k * 4, null, null, 128_000,
                CostBasis.PRICE_FEED, "test", Instant.now()));
    }

    private static APIGatewayV2HTTPResponse chat(RouteHandler handler) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/api-chat-completion.json");
        APIGatewayV2HTTPResponse response = handler.handleRequest(event,
                new TestLambdaContext("route", Duration.ofSeconds(29)));
        assertEquals(200, response.getStatusCode(), response.getBody());
        return response;
    }

    private static String targetOf(APIGatewayV2HTTPResponse response) {
        return response.getHeaders().get("x-router-target");
    }
}
