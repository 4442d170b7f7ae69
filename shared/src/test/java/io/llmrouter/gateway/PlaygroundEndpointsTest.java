package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.keys.KeySecrets;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The playground's page and its two client-key endpoints: off unless configured, behind the client keys, and
 * answering the decision and the fleet without the routing state's internals.
 */
class PlaygroundEndpointsTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLIENT_KEY = "sk-playground-0123456789";
    static final String ADMIN_KEY = "admin-secret";
    static final String CHAT = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],\"max_tokens\":16}";
    /** Where the down cluster lives; its health record's reason names it, as the JDK's I/O messages do. */
    static final String HIDDEN_HOST = "10.20.30.40";

    static RouterGateway on;
    static RouterGateway onWithoutKeys;
    static RouterGateway off;

    @BeforeAll
    static void deploy() {
        String table = dynamo.newTableName("playground");
        StateTable.createIfMissing(dynamo.client(), table);
        String fleet = """
                clusters:
                  - {name: cheap, endpoint: "http://127.0.0.1:9", costPerHour: 0.05}
                  - {name: dear, endpoint: "http://127.0.0.1:9", costPerHour: 0.5}
                  - {name: broken, endpoint: "https://%s:8443/llm", costPerHour: 0.01}
                store: {tableName: %s}
                """.formatted(HIDDEN_HOST, table);
        String keys = "auth: {clientKeys: [{name: team, sha256: " + KeySecrets.sha256Hex(CLIENT_KEY) + "}]}\n";
        RouterConfig withPlayground = ConfigLoader.fromYaml(
                "router: {adminKey: " + ADMIN_KEY + ", playground: true, routingStrategy: cost}\n" + fleet + keys, Map.of());
        RouterConfig openPlayground = ConfigLoader.fromYaml("router: {playground: true}\n" + fleet, Map.of());
        RouterConfig withoutPlayground = ConfigLoader.fromYaml("router: {adminKey: " + ADMIN_KEY + "}\n" + fleet + keys, Map.of());

        RoutingStateStore store = new DynamoRoutingStateStore(dynamo.client(), withPlayground.store());
        Instant now = Instant.now();
        for (String cluster : List.of("cheap", "dear")) {
            store.putHealth(new HealthRecord(cluster, true, "ok", now, 3L, 15.0, 100.0, null, null, 1, 1, 1, 2, 4096,
                    List.of(), "boot-1"));
        }
        store.putCost(new CostRecord("cheap", CostRecord.ANY_MODEL, 0.001, 0.001, null, 15.0, null,
                CostBasis.LIVE_THROUGHPUT, "test", now));
        store.putCost(new CostRecord("dear", CostRecord.ANY_MODEL, 0.01, 0.01, null, 15.0, null,
                CostBasis.LIVE_THROUGHPUT, "test", now));
        store.putHealth(HealthRecord.down("broken", "I/O error: Connection reset by " + HIDDEN_HOST + ":8443 (https://"
                + HIDDEN_HOST + ":8443/llm/health)", now, null));
        on = RouterGateway.assemble(withPlayground, store, ForwardSettings.defaults(), Clock.systemUTC());
        onWithoutKeys = RouterGateway.assemble(openPlayground, store, ForwardSettings.defaults(), Clock.systemUTC());
        off = RouterGateway.assemble(withoutPlayground, store, ForwardSettings.defaults(), Clock.systemUTC());
    }

    static HttpAnswer call(RouterGateway gateway, String method, String path, String key, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        if (key != null) {
            headers.put("authorization", "Bearer " + key);
        }
        return gateway.handle(new HttpCall(method, path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    static JsonNode errorOf(HttpAnswer answer) throws Exception {
        JsonNode error = JSON.readTree(answer.body()).path("error");
        assertTrue(error.path("message").isTextual(), answer.bodyText());
        assertTrue(error.path("type").isTextual(), answer.bodyText());
        assertTrue(error.has("code"), answer.bodyText());
        return error;
    }

    static Set<String> fieldsOf(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void offThePageAndItsEndpointsAnswer404InOpenAisErrorShape() throws Exception {
        for (String[] route : List.of(new String[] {"GET", "/playground"}, new String[] {"POST", "/v1/router/decision"},
                new String[] {"GET", "/v1/router/fleet"})) {
            HttpAnswer answer = call(off, route[0], route[1], CLIENT_KEY, CHAT);
            assertEquals(404, answer.status(), route[1]);
            assertEquals("unknown_url", errorOf(answer).path("code").asText());
        }
    }

    @Test
    void onThePageIsServedWithoutAKeyAndHoldsNone() {
        HttpAnswer page = call(on, "GET", "/playground", null, null);
        assertEquals(200, page.status());
        assertTrue(page.headers().get("content-type").startsWith("text/html"), page.headers().toString());
        assertTrue(page.headers().get("content-security-policy").contains("connect-src 'self'"), "nothing leaves for another host");
        assertEquals("playground", page.headers().get("x-router-reason"));
        assertEquals("0", page.headers().get("x-router-attempts"));
        String html = page.bodyText();
        assertTrue(html.contains("/v1/chat/completions") && html.contains("/v1/router/decision"), "the page calls the router's API");
        assertFalse(html.contains(CLIENT_KEY) || html.contains(ADMIN_KEY), "no key in the page");
        assertFalse(html.contains("<script src") || html.contains("https://"), "no CDN: the page works offline");
    }

    @Test
    void theDecisionAndTheFleetNeedAClientKeyWhenKeysAreConfigured() throws Exception {
        for (String key : new String[] {null, "sk-not-a-key", ADMIN_KEY}) {
            HttpAnswer decision = call(on, "POST", "/v1/router/decision", key, CHAT);
            assertEquals(401, decision.status(), "key " + key);
            assertEquals("invalid_api_key", errorOf(decision).path("code").asText());
            assertEquals(401, call(on, "GET", "/v1/router/fleet", key, null).status(), "key " + key);
        }
        assertEquals(200, call(on, "POST", "/v1/router/decision", CLIENT_KEY, CHAT).status());
        assertEquals(200, call(on, "GET", "/v1/router/fleet", CLIENT_KEY, null).status());
        assertEquals(200, call(onWithoutKeys, "POST", "/v1/router/decision", null, CHAT).status(), "no keys configured: open");
    }

    @Test
    void theDecisionNamesTheChoiceTheRankedCandidatesWithTheirCostAndTheRejectionsAndNothingMore() throws Exception {
        HttpAnswer answer = call(on, "POST", "/v1/router/decision", CLIENT_KEY, CHAT);
        assertEquals(200, answer.status(), answer.bodyText());
        assertEquals("routing decision", answer.headers().get("x-router-reason"));
        JsonNode decision = JSON.readTree(answer.body());
        assertEquals(Set.of("model", "outcome", "promptTokens", "chosen", "candidates", "rejected", "complexity"),
                fieldsOf(decision));
        assertEquals("routed", decision.path("outcome").asText());
        assertEquals("cheap", decision.path("chosen").path("target").asText());
        assertEquals(List.of("cheap", "dear"), decision.path("candidates").findValuesAsText("name"));
        for (JsonNode candidate : decision.path("candidates")) {
            assertEquals(Set.of("name", "kind", "upstreamModel", "estimatedCostUsd", "costPer1k", "reason"), fieldsOf(candidate));
            assertEquals("cluster", candidate.path("kind").asText());
            assertTrue(candidate.path("estimatedCostUsd").asDouble() > 0, candidate.toString());
        }
        assertTrue(decision.path("candidates").get(0).path("estimatedCostUsd").asDouble()
                < decision.path("candidates").get(1).path("estimatedCostUsd").asDouble(), "ranked by this prompt's cost");
        JsonNode rejected = decision.path("rejected").get(0);
        assertEquals(Set.of("name", "reason"), fieldsOf(rejected));
        assertEquals("broken", rejected.path("name").asText());
        assertTrue(rejected.path("reason").asText().startsWith("down: "), rejected.toString());
        assertTrue(decision.path("complexity").isNull(), "tiering is off");
        String text = answer.bodyText();
        assertFalse(text.contains(HIDDEN_HOST) || text.contains("127.0.0.1") || text.contains("http"),
                "no cluster's endpoint: " + text);
    }

    @Test
    void theFleetGivesHealthQueueAndPricePerTargetWithoutEndpointsOrBreakerInternals() throws Exception {
        HttpAnswer answer = call(on, "GET", "/v1/router/fleet", CLIENT_KEY, null);
        assertEquals("fleet", answer.headers().get("x-router-reason"));
        JsonNode fleet = JSON.readTree(answer.body());
        assertEquals(Set.of("targets"), fieldsOf(fleet));
        assertEquals(List.of("cheap", "dear", "broken"), fleet.path("targets").findValuesAsText("name"));
        for (JsonNode target : fleet.path("targets")) {
            assertEquals(Set.of("name", "kind", "healthy", "reason", "queueDepth", "costPer1k"), fieldsOf(target));
        }
        JsonNode cheap = fleet.path("targets").get(0);
        assertTrue(cheap.path("healthy").asBoolean());
        assertEquals(1.0, cheap.path("queueDepth").asDouble());
        assertEquals(0.001, cheap.path("costPer1k").asDouble(), 1e-12);
        JsonNode broken = fleet.path("targets").get(2);
        assertFalse(broken.path("healthy").asBoolean());
        assertTrue(broken.path("reason").asText().contains(PublicReasons.HIDDEN), broken.toString());
        assertFalse(answer.bodyText().contains(HIDDEN_HOST), answer.bodyText());
    }

    @Test
    void badInputIsA4xxInOpenAisErrorShape() throws Exception {
        for (String body : new String[] {"", "not json", "[]", "{\"model\":\"auto\"}", "{\"messages\":[]}"}) {
            HttpAnswer answer = call(on, "POST", "/v1/router/decision", CLIENT_KEY, body);
            assertEquals(400, answer.status(), body + ": " + answer.bodyText());
            assertEquals("invalid_request_error", errorOf(answer).path("type").asText());
        }
        HttpAnswer notUtf8 = on.handle(new HttpCall("POST", "/v1/router/decision",
                Map.of("authorization", "Bearer " + CLIENT_KEY, "content-type", "application/json"),
                new byte[] {'{', (byte) 0xff, '}'}));
        assertEquals(400, notUtf8.status(), notUtf8.bodyText());
        assertEquals("invalid_encoding", errorOf(notUtf8).path("code").asText());
        HttpAnswer form = on.handle(new HttpCall("POST", "/v1/router/decision",
                Map.of("authorization", "Bearer " + CLIENT_KEY, "content-type", "application/x-www-form-urlencoded"),
                CHAT.getBytes(StandardCharsets.UTF_8)));
        assertEquals(415, form.status());
        errorOf(form);
        HttpAnswer unknownModel = call(on, "POST", "/v1/router/decision", CLIENT_KEY,
                "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, unknownModel.status(), "a decision, not a failure: " + unknownModel.bodyText());
        assertNotNull(JSON.readTree(unknownModel.body()).path("outcome").asText());
        assertEquals(404, call(on, "GET", "/v1/router/decision", CLIENT_KEY, null).status(), "POST only");
        assertEquals(404, call(on, "POST", "/playground", null, CHAT).status(), "GET only");
    }

    @Test
    void theRouteFunctionHasNoClusterSwitchOnOrOff() throws Exception {
        for (RouterGateway gateway : List.of(on, off)) {
            for (String path : List.of("/local/clusters", "/local/clusters/cheap/stop", "/local/clusters/cheap/start")) {
                HttpAnswer answer = call(gateway, path.endsWith("clusters") ? "GET" : "POST", path, CLIENT_KEY, null);
                assertEquals(404, answer.status(), path);
                assertEquals("unknown_url", errorOf(answer).path("code").asText());
            }
        }
    }

    @Test
    void theAdminExplainKeepsItsFullForm() throws Exception {
        HttpAnswer explain = call(on, "POST", "/v1/router/explain", ADMIN_KEY, CHAT);
        assertEquals(200, explain.status());
        JsonNode root = JSON.readTree(explain.body());
        assertTrue(root.path("complexity").path("signals").isArray(), "always analysed for the admin");
        assertEquals("cheap", root.path("candidates").get(0).path("target").asText());
        assertEquals(401, call(on, "POST", "/v1/router/explain", CLIENT_KEY, CHAT).status());
    }
}
