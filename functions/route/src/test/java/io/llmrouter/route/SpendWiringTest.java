package io.llmrouter.route;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.spend.DynamoSpendStore;
import io.llmrouter.spend.SpendDimension;
import io.llmrouter.spend.SpendGranularity;
import io.llmrouter.spend.SpendLine;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.StateTable;
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
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The route function as Lambda builds it records spend: the admin reads it through the function URL's query string,
 * and what an instance still holds is written when its application context closes.
 */
class SpendWiringTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theFunctionServesWhatItsRequestsCostAndWritesTheRestWhenItCloses() throws Exception {
        try (ProviderStub openAi = ProviderStub.openAi("sk-openai-test")) {
            StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
            Path config = Files.writeString(dir.resolve("router.yaml"), """
                    router: {adminKey: admin-secret}
                    externalProviders:
                      - {name: openai, type: openai, apiKey: sk-openai-test, baseUrl: "%s", defaultModel: gpt-4o-mini}
                    store: {tableName: %s}
                    """.formatted(openAi.baseUrl(), dynamo.tableName()));
            StoreSettings settings = StoreSettings.defaults().withTable(dynamo.tableName());
            new DynamoRoutingStateStore(dynamo.client(), settings).putCost(new CostRecord("openai", "gpt-4o-mini",
                    0.00015, 0.0006, null, null, 128_000, CostBasis.PRICE_FEED, "test", Instant.now()));
            DynamoSpendStore spend = new DynamoSpendStore(dynamo.client(), settings);

            RouteHandler handler = new RouteHandler(ApplicationContext.builder().properties(Map.of(
                    "router.config", config.toString(), "dynamodb.endpoint", dynamo.endpoint().toString(),
                    "metrics.publish", false, "spend.flush-interval", "1h")));
            try {
                assertEquals(200, invoke(handler, "api-chat-completion.json", null).getStatusCode());
                APIGatewayV2HTTPResponse report = invoke(handler, "api-models.json", "groupBy=target&granularity=hour");
                assertEquals(200, report.getStatusCode(), report.getBody());
                JsonNode openAiSpend = JSON.readTree(report.getBody()).path("data").get(0);
                assertEquals("openai", openAiSpend.path("group").asText(), report.getBody());
                assertEquals(1, openAiSpend.path("requests").asInt());
                assertTrue(openAiSpend.path("usd").asDouble() > 0);

                assertEquals(200, invoke(handler, "api-chat-completion.json", null).getStatusCode());
                assertEquals(1, requestsStored(spend), "within the flush interval, the second request is still in memory");
            } finally {
                handler.close();
            }
            assertEquals(2, requestsStored(spend), "written when the application context closed");
        }
    }

    private static long requestsStored(DynamoSpendStore spend) {
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        List<SpendLine> lines = spend.read(SpendGranularity.DAY, SpendDimension.TARGET, today.minus(Duration.ofDays(1)), today);
        return lines.stream().mapToLong(line -> line.amount().requests()).sum();
    }

    /** A sample event; with a query, a GET of the spend endpoint with the admin key instead. */
    private static APIGatewayV2HTTPResponse invoke(RouteHandler handler, String file, String spendQuery) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/" + file);
        if (spendQuery != null) {
            event.setRawPath("/v1/router/spend");
            event.setRawQueryString(spendQuery);
            event.getRequestContext().getHttp().setMethod("GET");
            event.getRequestContext().getHttp().setPath("/v1/router/spend");
            Map<String, String> headers = new HashMap<>(event.getHeaders() == null ? Map.of() : event.getHeaders());
            headers.put("authorization", "Bearer admin-secret");
            event.setHeaders(headers);
        }
        return handler.handleRequest(event, new TestLambdaContext("route", Duration.ofSeconds(29)));
    }
}
