package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RateLimits;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.keys.ApiKey;
import io.llmrouter.keys.DynamoKeyStore;
import io.llmrouter.keys.KeyStore;
import io.llmrouter.metrics.RequestObserver;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.SnapshotCacheListener;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two admins changing one key at once: the second write finds the key changed since it read it and applies its
 * change again to the key as it now is, so neither change is lost.
 */
class ConcurrentKeyUpdatesTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final MutableClock clock = new MutableClock(T0);
    private DynamoKeyStore keys;
    /** Before the next replace, another admin's change lands first (set by a test). */
    private ApiKeyChange interleaved;
    private final AtomicInteger replaces = new AtomicInteger();
    private RouterGateway gateway;

    interface ApiKeyChange {
        ApiKey apply(ApiKey key);
    }

    @BeforeEach
    void deploy() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        RouterConfig config = ConfigLoader.fromYaml("""
                router: {adminKey: admin-secret}
                clusters:
                  - {name: local, endpoint: "http://127.0.0.1:9", costPerHour: 0.09, models: [tiny]}
                store: {tableName: %s, partition: races}
                """.formatted(dynamo.tableName()), Map.of());
        keys = new DynamoKeyStore(dynamo.client(), config.store());
        KeyStore racing = new KeyStore() {
            @Override
            public boolean create(ApiKey key) {
                return keys.create(key);
            }

            @Override
            public Optional<ApiKey> find(String id) {
                return keys.find(id);
            }

            @Override
            public List<ApiKey> list() {
                return keys.list();
            }

            @Override
            public boolean replace(ApiKey expected, ApiKey key) {
                replaces.incrementAndGet();
                if (interleaved != null) {
                    ApiKey now = keys.find(key.id()).orElseThrow();
                    keys.replace(now, interleaved.apply(now));
                    interleaved = null;
                }
                return keys.replace(expected, key);
            }
        };
        gateway = RouterGateway.assemble(config, new DynamoRoutingStateStore(dynamo.client(), config.store(), clock),
                racing, ForwardSettings.defaults(), clock, RequestObserver.NONE, SnapshotCacheListener.NONE);
    }

    @Test
    void aPatchThatLostARaceIsAppliedAgainOnTheKeyAsItNowIs() throws Exception {
        String id = JSON.readTree(StoredKeyAuthTest.call(gateway, "POST", "/v1/router/keys", "Bearer admin-secret",
                "{\"name\":\"shared\",\"team\":\"platform\"}").body()).path("id").asText();
        interleaved = key -> new ApiKey(key.id(), key.secretSha256(), key.name(), key.team(), key.tags(), key.models(),
                key.targets(), key.budget(), new RateLimits(60, null), key.expiresAt(), key.createdAt(), key.revokedAt());

        HttpAnswer patched = StoredKeyAuthTest.call(gateway, "PATCH", "/v1/router/keys/" + id, "Bearer admin-secret",
                "{\"team\":\"research\"}");

        assertEquals(200, patched.status(), patched.bodyText());
        assertEquals(2, replaces.get(), "refused once, then applied to the changed key");
        ApiKey stored = keys.find(id).orElseThrow();
        assertEquals("research", stored.team(), "this admin's change");
        assertEquals(new RateLimits(60, null), stored.limits(), "the other admin's change, kept");
        JsonNode answer = JSON.readTree(patched.body());
        assertEquals(60, answer.path("limits").path("rpm").asInt(), "the answer shows the key as stored");
    }

    @Test
    void aRevocationThatLostARaceStillRevokes() throws Exception {
        String id = JSON.readTree(StoredKeyAuthTest.call(gateway, "POST", "/v1/router/keys", "Bearer admin-secret",
                "{\"name\":\"doomed\"}").body()).path("id").asText();
        interleaved = key -> new ApiKey(key.id(), key.secretSha256(), key.name(), "late-team", key.tags(), key.models(),
                key.targets(), key.budget(), key.limits(), key.expiresAt(), key.createdAt(), key.revokedAt());

        HttpAnswer revoked = StoredKeyAuthTest.call(gateway, "DELETE", "/v1/router/keys/" + id, "Bearer admin-secret", null);

        assertEquals(200, revoked.status(), revoked.bodyText());
        ApiKey stored = keys.find(id).orElseThrow();
        assertEquals(true, stored.revoked());
        assertEquals("late-team", stored.team());
    }
}
