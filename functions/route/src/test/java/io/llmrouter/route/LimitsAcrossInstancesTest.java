package io.llmrouter.route;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proof that a key's budget and rate limit hold across instances: 32 clients spread over 4 route function
 * handlers, each with its own application context (as four Lambda instances have), sharing one DynamoDB.
 * Their DynamoDB calls go through a counting pass-through.
 */
class LimitsAcrossInstancesTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "limits-admin-key";
    static final int INSTANCES = 4;
    static final int CLIENTS = 32;
    /** OpenAI's gpt-4o prices per 1K tokens (input, output). */
    static final double INPUT_PER_1K = 0.0025;
    static final double OUTPUT_PER_1K = 0.01;
    /**
     * About 1,200 prompt tokens: the stub reports OpenAI's documented usage (1,117 prompt, 46 completion), so a
     * request reserving its prompt and max_tokens reserves at least what it will be charged.
     */
    static final String PROMPT = "budget ".repeat(1_200);

    @TempDir
    Path dir;
    ProviderStub openAi;
    DynamoCallCounter calls;
    final List<RouteHandler> handlers = new ArrayList<>();

    @BeforeEach
    void deploy() throws Exception {
        openAi = ProviderStub.openAi("sk-openai-test");
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        Path config = Files.writeString(dir.resolve("router.yaml"), """
                router: {routingStrategy: cost, adminKey: %s}
                externalProviders:
                  - {name: openai, type: openai, apiKey: sk-openai-test, baseUrl: "%s", defaultModel: gpt-4o}
                store: {tableName: %s}
                """.formatted(ADMIN, openAi.baseUrl(), dynamo.tableName()));
        new DynamoRoutingStateStore(dynamo.client(), StoreSettings.defaults().withTable(dynamo.tableName()))
                .putCost(new CostRecord("openai", "gpt-4o", INPUT_PER_1K, OUTPUT_PER_1K, null, null, 128_000,
                        CostBasis.PRICE_FEED, "test", Instant.now()));
        calls = new DynamoCallCounter(dynamo.endpoint());
        for (int i = 0; i < INSTANCES; i++) {
            handlers.add(new RouteHandler(ApplicationContext.builder().properties(Map.of(
                    "router.config", config.toString(),
                    "dynamodb.endpoint", calls.endpoint().toString(),
                    "metrics.publish", "false"))));
        }
    }

    @AfterEach
    void tearDown() {
        handlers.forEach(RouteHandler::close);
        calls.close();
        openAi.close();
    }

    @Test
    void thirtyTwoClientsOnFourInstancesSpendABudgetToTheEndAndNoFurther() throws Exception {
        double budget = 2.0;
        String secret = createKey("{\"name\":\"load\",\"budget\":{\"usd\":" + budget + ",\"period\":\"day\"}}");
        calls.reset();

        DoubleAdder spent = new DoubleAdder();
        AtomicInteger answered = new AtomicInteger();
        ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
        runClients(client -> {
            // Each client sends until its instance says the budget is spent.
            for (int i = 0; i < 1_000; i++) {
                APIGatewayV2HTTPResponse response = chat(handlers.get(client % INSTANCES), secret, 50);
                if (response.getStatusCode() == 429) {
                    refusals.add(response.getBody());
                    return;
                }
                assertEquals(200, response.getStatusCode(), response.getBody());
                spent.add(Double.parseDouble(response.getHeaders().get("x-router-cost-usd")));
                answered.incrementAndGet();
            }
        });

        double perRequest = 1117 * INPUT_PER_1K / 1000 + 46 * OUTPUT_PER_1K / 1000;
        assertEquals(CLIENTS, refusals.size(), "every client ends on a refusal");
        JsonNode error = JSON.readTree(refusals.peek()).path("error");
        assertEquals("insufficient_quota", error.path("type").asText());
        assertEquals("budget_exceeded", error.path("code").asText());
        double overspend = spent.sum() - budget;
        assertTrue(overspend <= 0.01 * budget, "spent " + spent.sum() + " of " + budget);
        // What is left unspent sits in the instances' slices, each too small for one more request.
        assertTrue(spent.sum() >= budget - INSTANCES * 1.1 * perRequest - 1e-9, "spent " + spent.sum() + " of " + budget);
        long limitCalls = calls.countMentioning("limits#");
        assertTrue(limitCalls * 20 <= answered.get(), limitCalls + " DynamoDB calls for " + answered.get() + " requests");
        System.out.printf("budget %.2f: %d requests answered, spent %.6f (%.3f%%), %d limit calls (1 per %.1f requests)%n",
                budget, answered.get(), spent.sum(), 100 * spent.sum() / budget, limitCalls,
                (double) answered.get() / limitCalls);
    }

    @Test
    void thirtyTwoClientsOnFourInstancesGetNoMoreThanTheRequestsPerMinute() throws Exception {
        int rpm = 120;
        String secret = createKey("{\"name\":\"load\",\"limits\":{\"rpm\":" + rpm + "}}");
        // The limit counts per UTC minute: start early in one, so that the burst stays inside it.
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        if (now.getSecond() > 30) {
            Thread.sleep(Duration.ofSeconds(60 - now.getSecond()).plusMillis(200).toMillis());
        }
        long minute = Instant.now().getEpochSecond() / 60;

        AtomicInteger answered = new AtomicInteger();
        ConcurrentLinkedQueue<APIGatewayV2HTTPResponse> refused = new ConcurrentLinkedQueue<>();
        runClients(client -> {
            for (int i = 0; i < 10; i++) {
                APIGatewayV2HTTPResponse response = chat(handlers.get(client % INSTANCES), secret, 16);
                if (response.getStatusCode() == 429) {
                    refused.add(response);
                } else {
                    assertEquals(200, response.getStatusCode(), response.getBody());
                    assertEquals(String.valueOf(rpm), response.getHeaders().get("x-ratelimit-limit-requests"));
                    assertNotNull(response.getHeaders().get("x-ratelimit-remaining-requests"));
                    answered.incrementAndGet();
                }
            }
        });
        assertEquals(minute, Instant.now().getEpochSecond() / 60, "the burst ran inside one minute");

        assertTrue(answered.get() <= rpm, answered.get() + " requests got through a limit of " + rpm);
        assertTrue(answered.get() >= rpm * 0.95, "instances leave little of the minute unused: " + answered.get());
        assertEquals(CLIENTS * 10 - answered.get(), refused.size());
        APIGatewayV2HTTPResponse first = refused.peek();
        JsonNode error = JSON.readTree(first.getBody()).path("error");
        assertEquals("rate_limit_exceeded", error.path("code").asText());
        assertEquals("requests", error.path("type").asText());
        int retryAfter = Integer.parseInt(first.getHeaders().get("retry-after"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "retry-after " + retryAfter);
        assertEquals("0", first.getHeaders().get("x-ratelimit-remaining-requests"));
        assertTrue(first.getHeaders().get("x-ratelimit-reset-requests").matches("\\d+s"));
    }

    interface Client {
        void run(int index) throws Exception;
    }

    void runClients(Client client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int index = i;
                running.add(pool.submit(() -> {
                    client.run(index);
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    String createKey(String json) throws Exception {
        APIGatewayV2HTTPResponse created = call(handlers.get(0), "POST", "/v1/router/keys", "Bearer " + ADMIN, json);
        assertEquals(201, created.getStatusCode(), created.getBody());
        return JSON.readTree(created.getBody()).path("secret").asText();
    }

    APIGatewayV2HTTPResponse chat(RouteHandler handler, String secret, int maxTokens) {
        return call(handler, "POST", "/v1/chat/completions", "Bearer " + secret, "{\"model\":\"gpt-4o\",\"max_tokens\":"
                + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}");
    }

    static APIGatewayV2HTTPResponse call(RouteHandler handler, String method, String path, String authorization,
                                         String body) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/api-chat-completion.json");
        event.getRequestContext().getHttp().setMethod(method);
        event.getRequestContext().getHttp().setPath(path);
        event.setRawPath(path);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("authorization", authorization);
        event.setHeaders(headers);
        return handler.handleRequest(event, new TestLambdaContext("route", Duration.ofSeconds(29)));
    }
}
