package io.llmrouter.route;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.llmrouter.testing.llama.LlamaServerRig;
import io.llmrouter.testing.llama.TinyModels;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The route function as Lambda runs it: API Gateway HTTP API v2 events in, forwarding to real
 * llama-servers, with the routing state in DynamoDB Local.
 */
class RouteHandlerTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();
    @RegisterExtension
    static final LlamaServerRig llama = LlamaServerRig.builder().model(TinyModels.TINY).servers(2).slots(2)
            .contextSize(1024).alias("tiny-random-llama").build();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "change-me-admin-key";

    @TempDir
    Path dir;
    HttpServer flaky;
    final AtomicInteger flakyCalls = new AtomicInteger();
    volatile int flakyStatus = 500;
    volatile FlakyMode flakyMode = FlakyMode.STATUS;

    /** How the front-running, cheapest "cluster" misbehaves. */
    enum FlakyMode { STATUS, HANG, STREAM_DIES_BEFORE_FIRST_EVENT, STREAM_DIES_AFTER_FIRST_EVENT, STREAM_STALLS_AFTER_FIRST_EVENT }

    static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
    RouteHandler handler;
    DynamoRoutingStateStore store;

    @BeforeEach
    void deploy() throws Exception {
        flaky = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        flaky.createContext("/", exchange -> {
            flakyCalls.incrementAndGet();
            switch (flakyMode) {
                case HANG -> sleepQuietly(Duration.ofSeconds(4));
                case STREAM_DIES_BEFORE_FIRST_EVENT, STREAM_DIES_AFTER_FIRST_EVENT, STREAM_STALLS_AFTER_FIRST_EVENT -> {
                    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    if (flakyMode != FlakyMode.STREAM_DIES_BEFORE_FIRST_EVENT) {
                        exchange.getResponseBody().write(("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\","
                                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}]}\n\n")
                                .getBytes(StandardCharsets.UTF_8));
                        exchange.getResponseBody().flush();
                    }
                    if (flakyMode == FlakyMode.STREAM_STALLS_AFTER_FIRST_EVENT) {
                        sleepQuietly(Duration.ofSeconds(8));
                    }
                    exchange.close();
                    return;
                }
                default -> { }
            }
            byte[] body = "{\"error\":{\"code\":500,\"message\":\"boom\",\"type\":\"server_error\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(flakyStatus, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        flaky.start();
        String table = dynamo.tableName();
        StateTable.createIfMissing(dynamo.client(), table);
        Path config = Files.writeString(dir.resolve("router.yaml"), """
                router: {routingStrategy: cost, adminKey: %s, hysteresis: {margin: 0.1, holdTime: 0s}}
                clusters:
                  - {name: flaky, endpoint: "http://127.0.0.1:%d", costPerHour: 0.01}
                  - {name: aws-us-west-2, endpoint: "%s", costPerHour: 0.0928}
                  - {name: gcp-us-central1, endpoint: "%s", costPerHour: 0.0950}
                store: {tableName: %s, snapshotRefresh: 1s}
                """.formatted(ADMIN, flaky.getAddress().getPort(), llama.baseUri(0), llama.baseUri(1), table));
        store = new DynamoRoutingStateStore(dynamo.client(), StoreSettings.defaults().withTable(table));
        Instant now = Instant.now();
        for (String cluster : List.of("flaky", "aws-us-west-2", "gcp-us-central1")) {
            store.putHealth(new HealthRecord(cluster, true, "ok", now, 3L, 15.0, 100.0, null, null, 0, 0, 0, 2,
                    512, List.of("tiny-random-llama"), "m"));
        }
        // flaky is cheapest, then aws, then gcp: the worked example's order with a broken front-runner.
        cost("flaky", 0.0001, now);
        cost("aws-us-west-2", 0.00172, now);
        cost("gcp-us-central1", 0.00220, now);
        handler = new RouteHandler(ApplicationContext.builder().properties(Map.of(
                "router.config", config.toString(),
                "dynamodb.endpoint", dynamo.endpoint().toString(),
                "forward.headers-timeout", "2s",
                "forward.total-budget", "5s")));
    }

    void cost(String target, double per1k, Instant at) {
        store.putCost(new CostRecord(target, CostRecord.ANY_MODEL, per1k, per1k, null, 15.0, null,
                CostBasis.LIVE_THROUGHPUT, "test", at));
    }

    @AfterEach
    void tearDown() throws Exception {
        handler.close();
        flaky.stop(0);
    }

    APIGatewayV2HTTPResponse invoke(String eventFile) {
        return invoke(EventLoader.loadApiGatewayHttpEvent("events/" + eventFile));
    }

    APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new TestLambdaContext("route", Duration.ofSeconds(29)));
    }

    static APIGatewayV2HTTPEvent chat(String body) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/api-chat-completion.json");
        event.setBody(body);
        return event;
    }

    @Test
    void aChatCompletionFailsOverFromA500ToTheNextCheapestClusterAndSaysWhatItCost() throws Exception {
        APIGatewayV2HTTPResponse response = invoke("api-chat-completion.json");

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("aws-us-west-2", response.getHeaders().get("x-router-target"));
        assertEquals("2", response.getHeaders().get("x-router-attempts"));
        assertEquals(1, flakyCalls.get());
        JsonNode body = JSON.readTree(response.getBody());
        assertEquals("chat.completion", body.path("object").asText());
        int total = body.path("usage").path("total_tokens").asInt();
        assertTrue(total > 0);
        double cost = Double.parseDouble(response.getHeaders().get("x-router-cost-usd"));
        assertEquals(total * 0.00172 / 1000, cost, 1e-9);
        assertNotNull(response.getHeaders().get("x-router-reason"));
    }

    @Test
    void a429AndARefusedConnectionFailOverToo() {
        flakyStatus = 429;
        assertEquals("aws-us-west-2", invoke("api-chat-completion.json").getHeaders().get("x-router-target"));
        llama.kill(0);
        try {
            APIGatewayV2HTTPResponse response = invoke("api-chat-completion.json");
            assertEquals(200, response.getStatusCode(), response.getBody());
            assertEquals("gcp-us-central1", response.getHeaders().get("x-router-target"));
            assertEquals("3", response.getHeaders().get("x-router-attempts"));
        } finally {
            llama.restart(0);
        }
    }

    @Test
    void repeatedFailuresOpenTheSharedBreakerSoTheTargetIsSkipped() throws Exception {
        for (int i = 0; i < 3; i++) {
            invoke("api-chat-completion.json");
        }
        assertEquals(3, flakyCalls.get());
        APIGatewayV2HTTPResponse fourth = invoke("api-chat-completion.json");
        assertEquals("1", fourth.getHeaders().get("x-router-attempts"), "the open breaker removes flaky");
        assertEquals(3, flakyCalls.get());
        // The breaker lives in DynamoDB, where every instance of the function sees it.
        assertEquals("OPEN", store.loadSnapshot().breakerOf("flaky").orElseThrow().state().name());

        JsonNode state = JSON.readTree(invoke("api-router-state.json").getBody());
        JsonNode flakyState = null;
        for (JsonNode target : state.path("targets")) {
            if (target.path("name").asText().equals("flaky")) {
                flakyState = target;
            }
        }
        assertNotNull(flakyState);
        assertEquals("open", flakyState.path("breaker").asText());
    }

    @Test
    void aClientErrorIsPassedBackWithoutFailover() {
        flakyStatus = 400;
        APIGatewayV2HTTPResponse response = invoke("api-chat-completion.json");
        assertEquals(400, response.getStatusCode());
        assertEquals("flaky", response.getHeaders().get("x-router-target"));
        assertEquals("1", response.getHeaders().get("x-router-attempts"));
    }

    @Test
    void everyTargetDownIs503WithReasonsAndAnUnknownModelIs404() throws Exception {
        Instant now = Instant.now();
        for (String cluster : List.of("flaky", "aws-us-west-2", "gcp-us-central1")) {
            store.putHealth(HealthRecord.down(cluster, "connect refused", now.plusSeconds(1), null));
        }
        Thread.sleep(1100); // the snapshot refreshes at most every second
        APIGatewayV2HTTPResponse down = invoke("api-chat-completion.json");
        assertEquals(503, down.getStatusCode());
        JsonNode error = JSON.readTree(down.getBody()).path("error");
        assertTrue(error.path("message").asText().contains("connect refused"), error.toString());

        assertRouterAnswered(down, "no healthy target");

        APIGatewayV2HTTPResponse unknown = invoke(chat("{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertEquals(404, unknown.getStatusCode());
        assertEquals("model_not_found", JSON.readTree(unknown.getBody()).path("error").path("code").asText());
        assertRouterAnswered(unknown, "unknown model");
    }

    @Test
    void healthModelsAndAdminEndpoints() throws Exception {
        JsonNode health = JSON.readTree(invoke("api-health.json").getBody());
        assertEquals(3, health.path("healthy_clusters").asInt());
        assertEquals(3, health.path("total_clusters").asInt());

        JsonNode models = JSON.readTree(invoke("api-models.json").getBody());
        List<String> ids = JSON.convertValue(models.path("data").findValuesAsText("id"), List.class);
        assertTrue(ids.contains("auto") && ids.contains("tiny-random-llama"), ids.toString());

        APIGatewayV2HTTPEvent noKey = EventLoader.loadApiGatewayHttpEvent("events/api-router-state.json");
        noKey.getHeaders().remove("authorization");
        APIGatewayV2HTTPResponse refused = invoke(noKey);
        assertEquals(401, refused.getStatusCode());
        assertRouterAnswered(refused, "unauthorized");
        JsonNode explain = JSON.readTree(invoke("api-router-explain.json").getBody());
        assertEquals("flaky", explain.path("candidates").get(0).path("target").asText());
        JsonNode complexity = explain.path("complexity");
        assertTrue(complexity.path("score").isNumber() && complexity.path("signals").isArray(), explain.toString());
        assertEquals(false, complexity.path("tieringEnabled").asBoolean(true));
    }

    @Test
    void malformedRequestsGet4xxInOpenAisErrorShape() throws Exception {
        for (String bad : List.of("{not json", "[]", "{\"messages\":[]}", "{\"model\":\"auto\",\"messages\":[]}",
                "{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")) {
            APIGatewayV2HTTPResponse response = invoke(chat(bad));
            assertEquals(400, response.getStatusCode(), bad);
            JsonNode error = JSON.readTree(response.getBody()).path("error");
            assertEquals("invalid_request_error", error.path("type").asText(), bad);
            assertTrue(error.has("message") && error.has("code"), bad);
            assertRouterAnswered(response, "invalid request");
        }
        APIGatewayV2HTTPEvent unknownPath = EventLoader.loadApiGatewayHttpEvent("events/api-health.json");
        unknownPath.setRawPath("/v1/embeddings");
        APIGatewayV2HTTPResponse unknown = invoke(unknownPath);
        assertEquals(404, unknown.getStatusCode());
        assertRouterAnswered(unknown, "unknown url");
    }

    /** An answer the router made without a target: why, no attempt, and no target named. */
    static void assertRouterAnswered(APIGatewayV2HTTPResponse response, String reason) {
        assertEquals(reason, response.getHeaders().get("x-router-reason"), response.getHeaders().toString());
        assertEquals("0", response.getHeaders().get("x-router-attempts"), response.getHeaders().toString());
        assertNull(response.getHeaders().get("x-router-target"), response.getHeaders().toString());
    }

    @Test
    void aBodyThatIsNotJsonInUtf8IsRefusedWhateverCarriesIt() throws Exception {
        // API Gateway base64-encodes a body without a text Content-Type; the bytes reach the router as sent.
        String before = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"caf";
        APIGatewayV2HTTPEvent latin1 = chat(Base64.getEncoder().encodeToString(
                (before + "\u00e9\"}]}").getBytes(StandardCharsets.ISO_8859_1)));
        latin1.setIsBase64Encoded(true);
        latin1.getHeaders().remove("content-type");
        APIGatewayV2HTTPResponse bytes = invoke(latin1);
        assertEquals(400, bytes.getStatusCode(), bytes.getBody());
        JsonNode error = JSON.readTree(bytes.getBody()).path("error");
        assertEquals("invalid_encoding", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("offset " + before.length()), error.toString());
        assertRouterAnswered(bytes, "invalid request");

        APIGatewayV2HTTPEvent form = chat("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        form.getHeaders().put("content-type", "application/x-www-form-urlencoded");
        APIGatewayV2HTTPResponse refused = invoke(form);
        assertEquals(415, refused.getStatusCode(), refused.getBody());
        assertEquals("unsupported_media_type", JSON.readTree(refused.getBody()).path("error").path("code").asText());
        assertRouterAnswered(refused, "unsupported media type");
        assertEquals(0, flakyCalls.get(), "nothing was forwarded");
    }

    @Test
    void anUpstreamThatHangsPastTheHeadersTimeoutIsSkipped() {
        flakyMode = FlakyMode.HANG;
        APIGatewayV2HTTPResponse response = invoke("api-chat-completion.json");
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("aws-us-west-2", response.getHeaders().get("x-router-target"));
        assertEquals("2", response.getHeaders().get("x-router-attempts"));
    }

    @Test
    void aStreamIsRelayedInOpenAisChunkFormatWithItsUsageAndCost() throws Exception {
        flakyMode = FlakyMode.STREAM_DIES_BEFORE_FIRST_EVENT;
        APIGatewayV2HTTPResponse response = invoke("api-chat-completion-stream.json");

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("text/event-stream", response.getHeaders().get("content-type"));
        assertEquals("aws-us-west-2", response.getHeaders().get("x-router-target"), "failed over before the first byte");
        assertEquals("2", response.getHeaders().get("x-router-attempts"));
        String body = response.getBody();
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
        List<String> events = body.lines().filter(l -> l.startsWith("data: {")).toList();
        assertTrue(events.size() >= 2, body);
        assertEquals("chat.completion.chunk", JSON.readTree(events.get(0).substring(6)).path("object").asText());
        JsonNode usage = JSON.readTree(events.get(events.size() - 1).substring(6)).path("usage");
        assertTrue(usage.path("total_tokens").asInt() > 0, "usage chunk requested by stream_options: " + body);
        assertNotNull(response.getHeaders().get("x-router-cost-usd"));
    }

    @Test
    void aStreamThatDiesAfterItsFirstEventEndsWithAnExplicitErrorEvent() throws Exception {
        flakyMode = FlakyMode.STREAM_DIES_AFTER_FIRST_EVENT;
        APIGatewayV2HTTPResponse response = invoke("api-chat-completion-stream.json");

        assertEquals("flaky", response.getHeaders().get("x-router-target"), "no failover once a byte was relayed");
        assertEquals("1", response.getHeaders().get("x-router-attempts"));
        List<String> events = response.getBody().lines().filter(l -> l.startsWith("data: ")).toList();
        assertEquals(2, events.size(), response.getBody());
        assertTrue(events.get(0).contains("\"Hel\""));
        JsonNode error = JSON.readTree(events.get(1).substring(6)).path("error");
        assertEquals("stream_interrupted", error.path("code").asText());
        assertTrue(response.getBody().lines().noneMatch(l -> l.equals("data: [DONE]")), "never a clean-looking end");
    }

    @Test
    void aStreamThatStallsMidwayIsCutAtTheBudgetWithAnErrorEvent() throws Exception {
        flakyMode = FlakyMode.STREAM_STALLS_AFTER_FIRST_EVENT;
        APIGatewayV2HTTPResponse response = invoke("api-chat-completion-stream.json");

        assertEquals("flaky", response.getHeaders().get("x-router-target"));
        List<String> events = response.getBody().lines().filter(l -> l.startsWith("data: ")).toList();
        assertEquals(2, events.size(), response.getBody());
        JsonNode error = JSON.readTree(events.get(1).substring(6)).path("error");
        assertEquals("stream_interrupted", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("stalled"), error.toString());
    }

    @Test
    void legacyCompletionsAreRoutedTooAndAPromptIsRequired() throws Exception {
        APIGatewayV2HTTPEvent event = chat("{\"model\":\"auto\",\"prompt\":\"Once upon a time\",\"max_tokens\":4}");
        event.setRawPath("/v1/completions");
        event.getRequestContext().getHttp().setPath("/v1/completions");
        APIGatewayV2HTTPResponse response = invoke(event);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("aws-us-west-2", response.getHeaders().get("x-router-target"));
        JsonNode body = JSON.readTree(response.getBody());
        assertEquals("text_completion", body.path("object").asText());
        assertNotNull(response.getHeaders().get("x-router-cost-usd"));

        event.setBody("{\"model\":\"auto\",\"prompt\":[1,2]}");
        APIGatewayV2HTTPResponse bad = invoke(event);
        assertEquals(400, bad.getStatusCode());
        assertEquals("prompt", JSON.readTree(bad.getBody()).path("error").path("param").asText());
    }
}
