package io.llmrouter.route.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.route.RouteHandler;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.aws.LoopbackRuntimeApi;
import io.llmrouter.testing.aws.LoopbackRuntimeApi.Answer;
import io.llmrouter.testing.llama.LlamaServerRig;
import io.llmrouter.testing.llama.TinyModels;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streaming runtime with the real route function: chat completions forwarded to a real llama-server,
 * the routing state in DynamoDB Local, answered through a loopback Runtime API as a function URL in
 * RESPONSE_STREAM mode receives them.
 */
class StreamingRuntimeRouteTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();
    @RegisterExtension
    static final LlamaServerRig llama = LlamaServerRig.builder().model(TinyModels.TINY).servers(1).slots(2)
            .contextSize(1024).alias("tiny-random-llama").build();

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    RouteHandler handler;
    LoopbackRuntimeApi api;
    RuntimeApi client;
    final ExecutorService loop = Executors.newSingleThreadExecutor();

    @BeforeEach
    void deploy() throws Exception {
        String table = dynamo.tableName();
        StateTable.createIfMissing(dynamo.client(), table);
        Path config = Files.writeString(dir.resolve("router.yaml"), """
                router: {routingStrategy: cost, adminKey: change-me-admin-key}
                clusters:
                  - {name: aws-us-west-2, endpoint: "%s", costPerHour: 0.0928}
                store: {tableName: %s, snapshotRefresh: 1s}
                """.formatted(llama.baseUri(0), table));
        DynamoRoutingStateStore store = new DynamoRoutingStateStore(dynamo.client(), StoreSettings.defaults().withTable(table));
        Instant now = Instant.now();
        store.putHealth(new HealthRecord("aws-us-west-2", true, "ok", now, 3L, 15.0, 100.0, null, null, 0, 0, 0, 2,
                512, List.of("tiny-random-llama"), "m"));
        store.putCost(new CostRecord("aws-us-west-2", CostRecord.ANY_MODEL, 0.00172, 0.00172, null, 15.0, null,
                CostBasis.LIVE_THROUGHPUT, "test", now));
        handler = new RouteHandler(ApplicationContext.builder().properties(Map.of(
                "router.config", config.toString(),
                "dynamodb.endpoint", dynamo.endpoint().toString())));

        api = LoopbackRuntimeApi.start();
        client = new RuntimeApi(api.address());
        StreamingRuntime runtime = new StreamingRuntime(client,
                FunctionEnvironment.of(Map.of("AWS_LAMBDA_RUNTIME_API", api.address(), "AWS_LAMBDA_FUNCTION_NAME", "route")),
                () -> handler::stream);
        loop.submit(runtime::run);
    }

    @AfterEach
    void tearDown() throws Exception {
        api.close();
        loop.shutdown();
        assertTrue(loop.awaitTermination(30, TimeUnit.SECONDS));
        client.close();
        handler.close();
    }

    static String event(String name) throws IOException {
        try (InputStream in = StreamingRuntimeRouteTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aChatCompletionIsAnsweredInStreamingModeWithTheRoutersHeadersInThePrelude() throws Exception {
        String id = api.queue(event("api-chat-completion.json"));
        Answer answer = api.awaitAnswer(id, WAIT);

        assertTrue(answer.streamed());
        JsonNode prelude = answer.prelude();
        assertEquals(200, prelude.path("statusCode").asInt(), answer.payload());
        JsonNode headers = prelude.path("headers");
        assertEquals("aws-us-west-2", headers.path("x-router-target").asText(), headers.toString());
        assertEquals("1", headers.path("x-router-attempts").asText());
        assertNotNull(headers.get("x-router-cost-usd"), headers.toString());
        JsonNode completion = JSON.readTree(answer.payload());
        assertEquals("chat.completion", completion.path("object").asText());
        assertTrue(completion.path("usage").path("total_tokens").asInt() > 0, answer.payload());
        assertTrue(answer.trailers().isEmpty(), answer.trailers().toString());
    }

    @Test
    void aStreamedChatCompletionReachesTheRuntimeApiAsServerSentEvents() throws Exception {
        String id = api.queue(event("api-chat-completion-stream.json"));
        Answer answer = api.awaitAnswer(id, WAIT);

        JsonNode prelude = answer.prelude();
        assertEquals(200, prelude.path("statusCode").asInt(), answer.payload());
        assertEquals("text/event-stream", prelude.path("headers").path("content-type").asText());
        assertEquals("aws-us-west-2", prelude.path("headers").path("x-router-target").asText());
        String body = answer.payload();
        // [DONE], then possibly the router's closing comment with the cost (its head has left before it is known).
        assertTrue(body.contains("data: [DONE]\n\n"), body);
        List<String> events = body.lines().filter(line -> line.startsWith("data: {")).toList();
        assertTrue(events.size() >= 2, body);
        assertEquals("chat.completion.chunk", JSON.readTree(events.get(0).substring(6)).path("object").asText());
        assertTrue(answer.trailers().isEmpty(), answer.trailers().toString());
    }

    @Test
    void healthAndModelsAreAnsweredToo() throws Exception {
        Answer health = api.awaitAnswer(api.queue(event("api-health.json")), WAIT);
        assertEquals(200, health.prelude().path("statusCode").asInt(), health.payload());
        assertEquals(1, JSON.readTree(health.payload()).path("healthy_clusters").asInt());

        Answer models = api.awaitAnswer(api.queue(event("api-models.json")), WAIT);
        assertTrue(models.payload().contains("tiny-random-llama"), models.payload());
    }
}
