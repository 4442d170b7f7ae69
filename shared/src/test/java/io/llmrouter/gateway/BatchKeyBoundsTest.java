package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.llmrouter.batch.Batch;
import io.llmrouter.batch.BatchItem;
import io.llmrouter.batch.BatchPlacement;
import io.llmrouter.batch.BatchRunner;
import io.llmrouter.batch.BatchService;
import io.llmrouter.batch.BatchStatus;
import io.llmrouter.batch.DynamoBatchStore;
import io.llmrouter.batch.MemoryFileStore;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.keys.DynamoKeyStore;
import io.llmrouter.keys.KeySecrets;
import io.llmrouter.limits.DynamoLimitStore;
import io.llmrouter.metrics.RequestOutcome;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.SnapshotCacheListener;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch made with a stored API key runs within the key's bounds, as its live requests do: through the gateway's
 * Batch API, the batch runner over DynamoDB Local, the key store and the limit counters, and two loopback clusters
 * that serve models {@code x} and {@code y}.
 */
class BatchKeyBoundsTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "Bearer admin-secret";
    static final String MESSAGES = "[{\"role\":\"user\",\"content\":\"Say hello.\"}]";
    static final int MAX_TOKENS = 5;
    /** $/1K tokens of both clusters, in and out: a request costs its tokens at one price. */
    static final double PRICE = 0.001;
    /** Young by the wall clock, and early in a minute: DynamoDB Local deletes items whose TTL has passed. */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(1);

    private final MutableClock clock = new MutableClock(T0);
    private final List<HttpServer> clusters = new ArrayList<>();
    private final List<String> answeredBy = new CopyOnWriteArrayList<>();
    private final List<RequestOutcome> observed = new CopyOnWriteArrayList<>();
    private final String team = "research-" + System.nanoTime();
    private RouterGateway gateway;
    private BatchRunner runner;
    private DynamoBatchStore batches;
    private DynamoRoutingStateStore store;
    /** What one request of this test costs: the clusters answer with usage equal to what the router reserves. */
    private double requestCost;

    @BeforeEach
    void deploy() throws Exception {
        int promptTokens = CompletionEndpoints.chatRouteRequest("x", JSON.readTree(MESSAGES), MAX_TOKENS, false)
                .promptTokens();
        requestCost = (promptTokens + MAX_TOKENS) * PRICE / 1000;
        int portA = cluster("a", promptTokens);
        int portB = cluster("b", promptTokens);
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        RouterConfig config = ConfigLoader.fromYaml("""
                router: {routingStrategy: cost, adminKey: admin-secret}
                clusters:
                  - {name: a, endpoint: "http://127.0.0.1:%d", costPerHour: 0.01, models: [x, y]}
                  - {name: b, endpoint: "http://127.0.0.1:%d", costPerHour: 0.01, models: [x, y]}
                store: {tableName: %s, partition: batch-keys-%d}
                limits:
                  teams:
                    %s: {usd: %s, period: day}
                """.formatted(portA, portB, dynamo.tableName(), System.nanoTime(), team, 2.5 * requestCost), Map.of());
        store = new DynamoRoutingStateStore(dynamo.client(), config.store(), clock);
        for (String name : List.of("a", "b")) {
            idle(name);
            store.putCost(new CostRecord(name, CostRecord.ANY_MODEL, PRICE, PRICE, null, 15.0, null,
                    CostBasis.LIVE_THROUGHPUT, "test", T0));
        }
        batches = new DynamoBatchStore(dynamo.client(), config.store());
        MemoryFileStore files = new MemoryFileStore();
        gateway = RouterGateway.assemble(config, store, new DynamoKeyStore(dynamo.client(), config.store()),
                        new DynamoLimitStore(dynamo.client(), config.store()), null, ForwardSettings.defaults(), clock,
                        observed::add, SnapshotCacheListener.NONE)
                .serveBatches(new BatchService(batches, files, clock));
        runner = new BatchRunner(batches, files, gateway.batchRequests(), BatchPlacement.DEFAULTS, List.of("a", "b"),
                Duration.ofMinutes(2), clock);
    }

    /** The cluster's health as the poller writes it now: four slots, none busy, three idle for batches. */
    void idle(String name) {
        store.putHealth(new HealthRecord(name, true, "ok", clock.instant(), 3L, 15.0, 100.0, null, null, 0, 0, 0, 4,
                4096, List.of("x", "y"), "m"));
    }

    /** A loopback cluster that answers every chat request with {@code promptTokens} and {@link #MAX_TOKENS} used. */
    int cluster(String name, int promptTokens) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            answeredBy.add(name);
            byte[] body = ("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"x\",\"choices\":[{"
                    + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi from " + name + "\"},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + promptTokens
                    + ",\"completion_tokens\":" + MAX_TOKENS + ",\"total_tokens\":" + (promptTokens + MAX_TOKENS) + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        clusters.add(server);
        return server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        clusters.forEach(server -> server.stop(0));
    }

    /** Creates a stored key through the admin API; its secret. */
    String key(String body) throws Exception {
        HttpAnswer created = StoredKeyAuthTest.call(gateway, "POST", "/v1/router/keys", ADMIN, body);
        assertEquals(201, created.status(), created.bodyText());
        return JSON.readTree(created.body()).path("secret").asText();
    }

    String keyId(String secret) {
        return KeySecrets.idOf(secret);
    }

    static String line(String customId, String model) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + chat(model) + "}\n";
    }

    static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":" + MESSAGES + ",\"max_tokens\":" + MAX_TOKENS + "}";
    }

    /** Uploads {@code lines} and makes a batch of them with {@code secret}; the batch's id. */
    String batch(String secret, String lines) throws Exception {
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", "Bearer " + secret);
        headers.put("Content-Type", "multipart/form-data; boundary=" + BatchApiTest.BOUNDARY);
        HttpAnswer uploaded = gateway.handle(new HttpCall("POST", "/v1/files", headers,
                BatchApiTest.multipart("batch", lines.getBytes(StandardCharsets.UTF_8))));
        assertEquals(200, uploaded.status(), uploaded.bodyText());
        HttpAnswer created = StoredKeyAuthTest.call(gateway, "POST", "/v1/batches", secret,
                "{\"input_file_id\":\"" + JSON.readTree(uploaded.body()).path("id").asText()
                        + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}");
        assertEquals(200, created.status(), created.bodyText());
        return JSON.readTree(created.body()).path("id").asText();
    }

    JsonNode read(String secret, String batchId) throws Exception {
        HttpAnswer answer = StoredKeyAuthTest.call(gateway, "GET", "/v1/batches/" + batchId, secret, null);
        assertEquals(200, answer.status(), answer.bodyText());
        return JSON.readTree(answer.body());
    }

    /** The lines of the batch's output or error file ({@code output_file_id}, {@code error_file_id}), by custom id. */
    Map<String, JsonNode> lines(String secret, JsonNode batch, String file) throws Exception {
        Map<String, JsonNode> lines = new HashMap<>();
        if (batch.path(file).isNull()) {
            return lines;
        }
        HttpAnswer content = StoredKeyAuthTest.call(gateway, "GET", "/v1/files/" + batch.path(file).asText()
                + "/content", secret, null);
        assertEquals(200, content.status(), content.bodyText());
        for (String text : content.bodyText().split("\n")) {
            JsonNode line = JSON.readTree(text);
            lines.put(line.path("custom_id").asText(), line);
        }
        return lines;
    }

    BatchRunner.Pass pass() {
        return runner.runOnce(clock.instant().plusSeconds(30));
    }

    @Test
    void aModelTheKeyMayNotUseIsTheItemsErrorAsItIsALiveRequests() throws Exception {
        String secret = key("{\"name\":\"x-only\",\"models\":[\"x\"]}");
        String batchId = batch(secret, line("x1", "x") + line("y1", "y") + line("x2", "x") + line("y2", "y"));

        pass();

        JsonNode batch = read(secret, batchId);
        assertEquals("completed", batch.path("status").asText(), batch.toString());
        Map<String, JsonNode> output = lines(secret, batch, "output_file_id");
        Map<String, JsonNode> errors = lines(secret, batch, "error_file_id");
        assertEquals(List.of("x1", "x2"), output.keySet().stream().sorted().toList());
        assertEquals(List.of("y1", "y2"), errors.keySet().stream().sorted().toList());
        HttpAnswer live = StoredKeyAuthTest.call(gateway, "POST", "/v1/chat/completions", secret, chat("y"));
        assertEquals(403, live.status(), live.bodyText());
        for (JsonNode error : errors.values()) {
            assertEquals(403, error.path("response").path("status_code").asInt(), error.toString());
            assertEquals(JSON.readTree(live.body()), error.path("response").path("body"), "the live request's error");
            assertEquals("permission_denied", error.path("error").path("code").asText());
        }
        assertEquals(2, answeredBy.size(), "only the x lines were sent: " + answeredBy);
    }

    @Test
    void theItemsOfAKeyRevokedSinceAreAnsweredAsItsLiveRequestsAre() throws Exception {
        String secret = key("{\"name\":\"leaving\"}");
        String batchId = batch(secret, line("r1", "x") + line("r2", "x"));
        HttpAnswer revoked = StoredKeyAuthTest.call(gateway, "DELETE", "/v1/router/keys/" + keyId(secret), ADMIN, null);
        assertEquals(200, revoked.status(), revoked.bodyText());

        pass();

        HttpAnswer live = StoredKeyAuthTest.call(gateway, "POST", "/v1/chat/completions", secret, chat("x"));
        assertEquals(401, live.status(), live.bodyText());
        // The key may no longer read its batch: the runner's record of it is read from the store.
        Batch batch = batches.findBatch(batchId).orElseThrow();
        assertEquals(BatchStatus.COMPLETED, batch.status());
        assertEquals(2, batch.counts().failed());
        for (BatchItem item : batches.items(batchId)) {
            assertEquals(401, item.result().status());
            assertEquals(JSON.readTree(live.body()), JSON.readTree(item.result().body()), "the live request's error");
        }
        assertEquals(List.of(), answeredBy);
    }

    @Test
    void everyItemOfAKeyWithTargetsRunsOnThem() throws Exception {
        String secret = key("{\"name\":\"a-only\",\"targets\":[\"a\"]}");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            lines.append(line("r" + i, "x"));
        }
        String batchId = batch(secret, lines.toString());

        pass();

        JsonNode batch = read(secret, batchId);
        assertEquals("completed", batch.path("status").asText(), batch.toString());
        Map<String, JsonNode> output = lines(secret, batch, "output_file_id");
        assertEquals(6, output.size(), batch.toString());
        for (JsonNode line : output.values()) {
            assertEquals("hi from a", line.path("response").path("body").path("choices").get(0).path("message")
                    .path("content").asText(), line.toString());
        }
        assertEquals(List.of("a", "a", "a", "a", "a", "a"), answeredBy, "b had idle slots, but the key may not use it");
    }

    @Test
    void aKeysBudgetHoldsBackTheItemsPastItUntilTheWindowEndsAndItsSpendCounts() throws Exception {
        String secret = key("{\"name\":\"thrifty\",\"budget\":{\"usd\":" + 3.5 * requestCost + ",\"period\":\"day\"}}");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            lines.append(line("r" + i, "x"));
        }
        String batchId = batch(secret, lines.toString());

        BatchRunner.Pass pass = pass();

        assertEquals(3, answeredBy.size(), "three requests' worth of budget: " + answeredBy);
        assertEquals(3, pass.itemsWaiting(), "the rest wait, not failed: " + pass);
        JsonNode batch = read(secret, batchId);
        assertEquals("in_progress", batch.path("status").asText(), batch.toString());
        assertEquals(3, batch.path("request_counts").path("completed").asInt(), batch.toString());
        assertEquals(0, batch.path("request_counts").path("failed").asInt(), batch.toString());
        HttpAnswer live = StoredKeyAuthTest.call(gateway, "POST", "/v1/chat/completions", secret, chat("x"));
        assertEquals(429, live.status(), "the batch spent the key's budget: " + live.bodyText());
        assertEquals("budget_exceeded", JSON.readTree(live.body()).path("error").path("code").asText());
        List<RequestOutcome> sent = observed.stream().filter(o -> o.costUsd() != null).toList();
        assertEquals(3, sent.size(), "each batch request is rolled up as the key's: " + sent);
        for (RequestOutcome outcome : sent) {
            assertEquals(keyId(secret), outcome.caller().keyId());
            assertEquals(requestCost, outcome.costUsd(), 1e-12);
        }

        pass();
        assertEquals(3, answeredBy.size(), "a later pass within the day sends none of them: " + answeredBy);

        clock.set(Instant.ofEpochSecond(batch.path("expires_at").asLong()).plusSeconds(1));
        pass();
        batch = read(secret, batchId);
        assertEquals("expired", batch.path("status").asText(), batch.toString());
        Map<String, JsonNode> errors = lines(secret, batch, "error_file_id");
        assertEquals(3, errors.size(), batch.toString());
        errors.values().forEach(error -> assertEquals("batch_expired", error.path("error").path("code").asText()));
        assertEquals(3, lines(secret, batch, "output_file_id").size());
    }

    @Test
    void itemsPastAKeysRateLimitWaitForTheNextMinute() throws Exception {
        String secret = key("{\"name\":\"paced\",\"limits\":{\"rpm\":2}}");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            lines.append(line("r" + i, "x"));
        }
        String batchId = batch(secret, lines.toString());

        pass();
        assertEquals(2, answeredBy.size(), "two requests per minute: " + answeredBy);
        pass();
        assertEquals(2, answeredBy.size(), "nor more in the same minute: " + answeredBy);

        clock.advance(Duration.ofMinutes(1));
        List.of("a", "b").forEach(this::idle);
        pass();
        assertEquals(4, answeredBy.size(), "two more in the next: " + answeredBy);
        JsonNode batch = read(secret, batchId);
        assertEquals("in_progress", batch.path("status").asText(), batch.toString());
        assertEquals(4, batch.path("request_counts").path("completed").asInt(), batch.toString());
        assertEquals(0, batch.path("request_counts").path("failed").asInt(), batch.toString());
    }

    @Test
    void aTeamKeysBatchSpendsFromTheTeamsBudget() throws Exception {
        String secret = key("{\"name\":\"member\",\"team\":\"" + team + "\"}");
        String colleague = key("{\"name\":\"colleague\",\"team\":\"" + team + "\"}");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            lines.append(line("r" + i, "x"));
        }
        String batchId = batch(secret, lines.toString());

        pass();

        assertEquals(2, answeredBy.size(), "two requests' worth of the team's budget: " + answeredBy);
        JsonNode batch = read(secret, batchId);
        assertEquals("in_progress", batch.path("status").asText(), batch.toString());
        assertEquals(2, batch.path("request_counts").path("completed").asInt(), batch.toString());
        HttpAnswer live = StoredKeyAuthTest.call(gateway, "POST", "/v1/chat/completions", colleague, chat("x"));
        assertEquals(429, live.status(), "the batch spent the team's budget: " + live.bodyText());
        assertTrue(JSON.readTree(live.body()).path("error").path("message").asText().contains(team), live.bodyText());
        List<RequestOutcome> sent = observed.stream().filter(o -> o.costUsd() != null).toList();
        assertEquals(2, sent.size(), sent.toString());
        sent.forEach(outcome -> assertEquals(team, outcome.caller().team(), "rolled up as the team's"));
    }
}
