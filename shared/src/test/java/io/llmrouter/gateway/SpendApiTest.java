package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.health.Fixtures;
import io.llmrouter.keys.DynamoKeyStore;
import io.llmrouter.metrics.RequestOutcome;
import io.llmrouter.spend.DynamoSpendStore;
import io.llmrouter.spend.SpendRollup;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.SnapshotCacheListener;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import io.llmrouter.testing.llama.LoopbackLlamaServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /v1/router/spend} through the gateway, on DynamoDB Local: what requests cost, grouped, and its refusals. */
class SpendApiTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "Bearer admin-secret";
    /** Young by the wall clock: DynamoDB Local deletes items whose TTL has passed. */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(30));

    private final MutableClock clock = new MutableClock(T0);
    private LoopbackLlamaServer cluster;
    private SpendRollup spend;
    private RouterGateway gateway;

    @BeforeEach
    void deploy() {
        cluster = LoopbackLlamaServer.http().on("/v1/chat/completions", exchange -> new LoopbackLlamaServer.Reply(
                200, LoopbackLlamaServer.JSON, Fixtures.llamaServer("chat-completion.json")));
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        RouterConfig config = ConfigLoader.fromYaml("""
                router: {adminKey: admin-secret}
                clusters:
                  - {name: gpu, endpoint: "%s", costPerHour: 0.09}
                store: {tableName: %s}
                """.formatted(cluster.endpoint(), dynamo.tableName()), Map.of());
        DynamoRoutingStateStore store = new DynamoRoutingStateStore(dynamo.client(), config.store(), clock);
        store.putHealth(new HealthRecord("gpu", true, "ok", T0, 3L, 15.0, 100.0, null, null, 0, 0, 0, 2, 4096,
                List.of(), "boot-1"));
        store.putCost(new CostRecord("gpu", CostRecord.ANY_MODEL, 0.002, 0.002, null, 15.0, null,
                CostBasis.LIVE_THROUGHPUT, "test", T0));
        spend = new SpendRollup(new DynamoSpendStore(dynamo.client(), config.store()), clock);
        gateway = RouterGateway.assemble(config, store, new DynamoKeyStore(dynamo.client(), config.store()), spend,
                ForwardSettings.defaults(), clock, spend, SnapshotCacheListener.NONE);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    HttpAnswer call(String method, String path, String query, String authorization, String body) {
        Map<String, String> headers = new HashMap<>();
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        headers.put("Content-Type", "application/json");
        return gateway.handle(new HttpCall(method, path, headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), null, query));
    }

    JsonNode spend(String query) throws Exception {
        HttpAnswer answer = call("GET", "/v1/router/spend", query, ADMIN, null);
        assertEquals(200, answer.status(), answer.bodyText());
        assertEquals("spend", answer.headers().get("x-router-reason"));
        assertEquals("0", answer.headers().get("x-router-attempts"));
        return JSON.readTree(answer.body());
    }

    double chat(String key) {
        HttpAnswer answer = call("POST", "/v1/chat/completions", "", key == null ? null : "Bearer " + key,
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":4}");
        assertEquals(200, answer.status(), answer.bodyText());
        return Double.parseDouble(answer.headers().get("x-router-cost-usd"));
    }

    static List<String> groups(JsonNode answer) {
        List<String> groups = new ArrayList<>();
        answer.path("data").forEach(group -> groups.add(group.path("group").asText() + ":"
                + group.path("requests").asLong()));
        return groups;
    }

    @Test
    void whatRequestsCostIsInTheSpendOfTheirKeyTeamTagTargetAndModel() throws Exception {
        HttpAnswer created = call("POST", "/v1/router/keys", "", ADMIN,
                "{\"name\": \"ci\", \"team\": \"platform\", \"tags\": {\"env\": \"prod\"}}");
        JsonNode key = JSON.readTree(created.body());
        double charged = 0;
        for (int i = 0; i < 3; i++) {
            charged += chat(key.path("secret").asText());
        }
        double open = chat(null);

        JsonNode byTeam = spend("groupBy=team");
        assertEquals(List.of("platform:3", "none:1"), groups(byTeam), "most spent first");
        assertEquals(charged, byTeam.path("data").get(0).path("usd").asDouble(), 1e-7,
                "the team spent what its answers said they cost");
        assertEquals(charged + open, byTeam.path("total").path("usd").asDouble(), 1e-7);
        assertEquals(4, byTeam.path("total").path("requests").asLong());
        assertTrue(byTeam.path("total").path("completionTokens").asLong() > 0);
        assertEquals("day", byTeam.path("granularity").asText());
        assertEquals(T0.truncatedTo(ChronoUnit.DAYS).toString(), byTeam.path("from").asText());
        assertEquals(T0.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)).toString(), byTeam.path("to").asText());

        assertEquals(List.of(key.path("id").asText() + ":3", "unkeyed:1"), groups(spend("groupBy=key")));
        assertEquals(List.of("env=prod:3"), groups(spend("groupBy=tag")));
        assertEquals(List.of("gpu:4"), groups(spend("groupBy=target")));
        assertEquals(1, spend("groupBy=model").path("data").size());
        assertTrue(!byTeam.toString().contains(key.path("secret").asText()));
    }

    @Test
    void hourBucketsInTheRangeAreCountedWholeAndInTimeOrder() throws Exception {
        Instant hour = T0.truncatedTo(ChronoUnit.HOURS);
        for (int h : new int[]{-3, -2, -2, -1, 0}) {
            clock.set(hour.plus(Duration.ofHours(h)).plusSeconds(60));
            spend.observe(outcome(new RequestOutcome.Caller("key_0123456789abcdef", "research", Map.of()), 0.5));
        }
        clock.set(T0);

        JsonNode answer = spend("groupBy=team&granularity=hour&from=" + hour.minus(Duration.ofMinutes(150))
                + "&to=" + hour.minus(Duration.ofHours(1)));
        assertEquals(hour.minus(Duration.ofHours(3)).toString(), answer.path("from").asText(), "the bucket from is in");
        assertEquals(hour.minus(Duration.ofHours(1)).toString(), answer.path("to").asText(), "to is the end, excluded");
        JsonNode research = answer.path("data").get(0);
        assertEquals(3, research.path("requests").asLong());
        List<String> buckets = new ArrayList<>();
        research.path("buckets").forEach(b -> buckets.add(b.path("start").asText() + "=" + b.path("requests").asLong()));
        assertEquals(List.of(hour.minus(Duration.ofHours(3)) + "=1", hour.minus(Duration.ofHours(2)) + "=2"), buckets);

        String firstDay = hour.minus(Duration.ofHours(3)).toString().substring(0, 10);
        String today = hour.toString().substring(0, 10);
        assertEquals(5, spend("granularity=day&from=" + firstDay + "&to=" + today).path("total").path("requests").asLong(),
                "a date as to is the end of that day");
    }

    @Test
    void theEndpointNeedsTheAdminKey() throws Exception {
        for (String authorization : new String[]{null, "Bearer not-the-admin-key"}) {
            HttpAnswer answer = call("GET", "/v1/router/spend", "groupBy=team", authorization, null);
            assertEquals(401, answer.status());
            assertEquals("invalid_api_key", JSON.readTree(answer.body()).path("error").path("code").asText());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "groupBy=region | groupBy",
            "granularity=week | granularity",
            "from=yesterday | from",
            "to=2026-13-01 | to",
            "from=2026-12-05T10:00:00Z&to=2026-12-04T10:00:00Z | from",
            "granularity=hour&from=2026-10-01&to=2026-12-01 | from",
            "granularity=day&from=2024-01-01&to=2026-01-01 | from",
            "groupBy=team&groupBy=key | groupBy",
            "team=platform | team",
            "from=%E0%A4%A | from",
            "from=1969-12-31 | from",
            "to=+1000000-01-01T00:00:00Z | to"})
    void badParametersAreA400NamingThem(String query, String param) throws Exception {
        HttpAnswer answer = call("GET", "/v1/router/spend", query, ADMIN, null);
        assertEquals(400, answer.status(), answer.bodyText());
        JsonNode error = JSON.readTree(answer.body()).path("error");
        assertEquals(param, error.path("param").asText(), answer.bodyText());
        assertEquals("invalid_request_error", error.path("type").asText());
        assertEquals("invalid_value", error.path("code").asText());
        assertTrue(error.path("message").asText().length() > 10);
    }

    @Test
    void aRouterWithoutASpendStoreHasNoSpendEndpoint() throws Exception {
        RouterConfig config = ConfigLoader.fromYaml("router: {adminKey: admin-secret}\nclusters:\n"
                + "  - {name: gpu, endpoint: \"http://127.0.0.1:9\", costPerHour: 0.09}\nstore: {tableName: "
                + dynamo.tableName() + "}\n", Map.of());
        RouterGateway without = RouterGateway.assemble(config, new DynamoRoutingStateStore(dynamo.client(),
                config.store(), clock), ForwardSettings.defaults(), clock);
        HttpAnswer answer = without.handle(new HttpCall("GET", "/v1/router/spend", Map.of("Authorization", ADMIN), null));
        assertEquals(404, answer.status());
        assertEquals("unknown_url", JSON.readTree(answer.body()).path("error").path("code").asText());
    }

    static RequestOutcome outcome(RequestOutcome.Caller caller, double usd) {
        return new RequestOutcome("r", "POST /v1/chat/completions", 200, "gpu", "cheapest", "auto", 1, 0,
                1_000_000, 900_000, 10, 5, usd, null, null, null, "tiny", caller);
    }
}
