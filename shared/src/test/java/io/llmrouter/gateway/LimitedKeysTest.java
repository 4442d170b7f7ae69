package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.health.Fixtures;
import io.llmrouter.keys.DynamoKeyStore;
import io.llmrouter.limits.DynamoLimitStore;
import io.llmrouter.metrics.RequestObserver;
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

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What limits do to routing and answers, through the gateway: economy first past downgradeAt, a target at its
 * own rate limit passed over, and the rate-limit headers on every answer to a limited key.
 */
class LimitedKeysTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "Bearer admin-secret";
    /** Young by the wall clock, and early in a minute: DynamoDB Local deletes items whose TTL has passed. */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(1);

    private final MutableClock clock = new MutableClock(T0);
    private LoopbackLlamaServer upstream;
    private RouterGateway gateway;
    private DynamoRoutingStateStore store;

    @BeforeEach
    void deploy() {
        // The fixture answers 101 prompt and 20 completion tokens, whoever is asked.
        upstream = LoopbackLlamaServer.http().on("/v1/chat/completions", exchange -> new LoopbackLlamaServer.Reply(
                200, LoopbackLlamaServer.JSON, Fixtures.llamaServer("chat-completion.json")));
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        RouterConfig config = ConfigLoader.fromYaml("""
                router: {routingStrategy: cost, adminKey: admin-secret, hysteresis: {margin: 0.0, holdTime: 0s}}
                clusters:
                  - {name: local, endpoint: "%s", costPerHour: 0.09, models: [tiny]}
                externalProviders:
                  - {name: api, type: openai, apiKey: sk-test, baseUrl: "%s/v1", defaultModel: tiny, models: [tiny]}
                store: {tableName: %s}
                limits:
                  downgradeAt: 0.5
                  targets:
                    api: {rpm: 3}
                """.formatted(upstream.endpoint(), upstream.endpoint(), dynamo.tableName()), Map.of());
        store = new DynamoRoutingStateStore(dynamo.client(), config.store(), clock);
        healthyCluster(T0);
        // The provider is the cheaper: the cost strategy sends there first.
        store.putCost(new CostRecord("local", CostRecord.ANY_MODEL, 0.002, 0.002, null, 15.0, null,
                CostBasis.LIVE_THROUGHPUT, "test", T0));
        store.putCost(new CostRecord("api", "tiny", 0.001, 0.001, null, null, 128_000, CostBasis.PRICE_FEED, "test", T0));
        gateway = RouterGateway.assemble(config, store, new DynamoKeyStore(dynamo.client(), config.store()),
                new DynamoLimitStore(dynamo.client(), config.store()), ForwardSettings.defaults(), clock,
                RequestObserver.NONE, SnapshotCacheListener.NONE);
    }

    /** The cluster's health as the poller writes it, observed at {@code at}: older records count as stale. */
    void healthyCluster(Instant at) {
        store.putHealth(new HealthRecord("local", true, "ok", at, 3L, 15.0, 100.0, null, null, 0, 0, 0, 2, 512,
                List.of("tiny"), "m"));
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    HttpAnswer chat(String key, String model) {
        return StoredKeyAuthTest.call(gateway, "POST", "/v1/chat/completions", key,
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":20}");
    }

    String createKey(String body) throws Exception {
        HttpAnswer created = StoredKeyAuthTest.call(gateway, "POST", "/v1/router/keys", ADMIN, body);
        assertEquals(201, created.status(), created.bodyText());
        return JSON.readTree(created.body()).path("secret").asText();
    }

    @Test
    void pastDowngradeAtAKeyIsRoutedToClustersFirstAndTheReasonSaysSo() throws Exception {
        HttpAnswer unkeyed = chat(null, "tiny");
        assertEquals("api", unkeyed.headers().get("x-router-target"));
        double cost = Double.parseDouble(unkeyed.headers().get("x-router-cost-usd"));
        String key = createKey("{\"name\":\"thrifty\",\"budget\":{\"usd\":" + 20 * cost + ",\"period\":\"day\"}}");

        int requests = 0;
        String target = "api";
        String reason = "";
        while (target.equals("api") && requests < 20) {
            clock.advance(Duration.ofMinutes(1)); // past the provider's own rpm
            healthyCluster(clock.instant());
            HttpAnswer answer = chat(key, "tiny");
            assertEquals(200, answer.status(), answer.bodyText());
            target = answer.headers().get("x-router-target");
            reason = answer.headers().get("x-router-reason");
            requests++;
        }
        assertEquals("local", target, "past half of its budget the key goes to the cluster first");
        assertTrue(reason.startsWith("economy first: this key has spent 5"), reason);
        // Half of 20 requests' worth, give or take the request in flight.
        assertTrue(requests >= 9 && requests <= 11, "economy first from request " + requests);
    }

    @Test
    void aTargetAtItsOwnRateLimitIsPassedOverForTheNextCandidate() {
        for (int i = 0; i < 3; i++) {
            HttpAnswer answer = chat(null, "tiny");
            assertEquals("api", answer.headers().get("x-router-target"), "within its 3 requests per minute");
        }
        HttpAnswer fourth = chat(null, "tiny");
        assertEquals(200, fourth.status(), fourth.bodyText());
        assertEquals("local", fourth.headers().get("x-router-target"));
        assertEquals("2", fourth.headers().get("x-router-attempts"), "api held back at its limit, then local");

        clock.advance(Duration.ofMinutes(1));
        assertEquals("api", chat(null, "tiny").headers().get("x-router-target"), "a new minute, a new allowance");
    }

    @Test
    void everyAnswerToARateLimitedKeyCarriesItsHeadersAndAnUnlimitedKeyNone() throws Exception {
        String limited = createKey("{\"name\":\"limited\",\"models\":[\"tiny\"],\"limits\":{\"rpm\":100,\"tpm\":50000}}");
        HttpAnswer ok = chat(limited, "tiny");
        assertEquals(200, ok.status(), ok.bodyText());
        assertEquals("100", ok.headers().get("x-ratelimit-limit-requests"));
        assertEquals("50000", ok.headers().get("x-ratelimit-limit-tokens"));
        assertTrue(Integer.parseInt(ok.headers().get("x-ratelimit-remaining-requests")) < 100);
        assertTrue(ok.headers().get("x-ratelimit-reset-tokens").matches("\\d+s"));

        HttpAnswer forbidden = chat(limited, "gpt-4o");
        assertEquals(403, forbidden.status());
        assertEquals("100", forbidden.headers().get("x-ratelimit-limit-requests"), "refusals carry them too");

        HttpAnswer models = StoredKeyAuthTest.call(gateway, "GET", "/v1/models", limited, null);
        assertEquals("50000", models.headers().get("x-ratelimit-limit-tokens"));

        String unlimited = createKey("{\"name\":\"free\"}");
        assertNull(chat(unlimited, "tiny").headers().get("x-ratelimit-limit-requests"));
    }
}
