package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.health.Fixtures;
import io.llmrouter.keys.CountingKeyStore;
import io.llmrouter.keys.DynamoKeyStore;
import io.llmrouter.keys.KeySecrets;
import io.llmrouter.metrics.RequestObserver;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.SnapshotCacheListener;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import io.llmrouter.testing.llama.LoopbackLlamaServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stored keys on /v1/*, beside the config's client keys: each refusal with its own message, a key's
 * models and targets, and the per-instance cache (DynamoDB reads counted, time a test clock).
 */
class StoredKeyAuthTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "Bearer admin-secret";
    static final String CONFIG_KEY = "sk-config-team-0123456789";
    /** Young by the wall clock: DynamoDB Local deletes routing-state items whose TTL has passed. */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final MutableClock clock = new MutableClock(T0);
    private LoopbackLlamaServer upstream;
    private CountingKeyStore keyStore;
    private RouterConfig config;
    private RouterGateway gateway;

    @BeforeEach
    void deploy() {
        upstream = LoopbackLlamaServer.http().on("/v1/chat/completions", exchange -> new LoopbackLlamaServer.Reply(
                200, LoopbackLlamaServer.JSON, Fixtures.llamaServer("chat-completion.json")));
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        config = ConfigLoader.fromYaml("""
                router: {adminKey: admin-secret}
                clusters:
                  - {name: local, endpoint: "http://127.0.0.1:9", costPerHour: 0.09, models: [tiny]}
                externalProviders:
                  - {name: api, type: openai, apiKey: sk-test, baseUrl: "%s/v1", defaultModel: gpt-4o-mini, models: [gpt-4o-mini]}
                store: {tableName: %s}
                auth:
                  keyCacheTtl: 30s
                  clientKeys:
                    - {name: config-team, sha256: %s}
                """.formatted(upstream.endpoint(), dynamo.tableName(),
                KeySecrets.sha256Hex(CONFIG_KEY)), Map.of());
        keyStore = new CountingKeyStore(new DynamoKeyStore(dynamo.client(), config.store()));
        gateway = instance(keyStore);
    }

    RouterGateway instance(io.llmrouter.keys.KeyStore keys) {
        return RouterGateway.assemble(config, new DynamoRoutingStateStore(dynamo.client(), config.store(), clock),
                keys, ForwardSettings.defaults(), clock, RequestObserver.NONE, SnapshotCacheListener.NONE);
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    static HttpAnswer call(RouterGateway gateway, String method, String path, String key, String body) {
        Map<String, String> headers = new HashMap<>();
        if (key != null) {
            headers.put("Authorization", key.startsWith("Bearer ") ? key : "Bearer " + key);
        }
        headers.put("Content-Type", "application/json");
        return gateway.handle(new HttpCall(method, path, headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    HttpAnswer chat(String key, String model) {
        return call(gateway, "POST", "/v1/chat/completions", key,
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":4}");
    }

    JsonNode createKey(String body) throws Exception {
        HttpAnswer created = call(gateway, "POST", "/v1/router/keys", ADMIN, body);
        assertEquals(201, created.status(), created.bodyText());
        return JSON.readTree(created.body());
    }

    static JsonNode error(HttpAnswer answer) throws Exception {
        return JSON.readTree(answer.body()).path("error");
    }

    @Test
    void configKeysWorkAsBeforeWithoutReadingTheStore() {
        assertEquals(200, call(gateway, "GET", "/v1/models", CONFIG_KEY, null).status());
        assertEquals(200, chat(CONFIG_KEY, "auto").status());
        assertEquals(0, keyStore.finds());
    }

    @Test
    void aStoredKeyWorksAndAnUnknownOneIsRefusedLikeAWrongConfigKey() throws Exception {
        String secret = createKey("{\"name\": \"ci\"}").path("secret").asText();

        assertEquals(200, call(gateway, "GET", "/v1/models", secret, null).status());
        assertEquals(200, chat(secret, "auto").status());

        HttpAnswer unknown = chat("sk-not-a-stored-key", "auto");
        assertEquals(401, unknown.status());
        assertEquals("invalid_api_key", error(unknown).path("code").asText());
        assertTrue(error(unknown).path("message").asText().startsWith("Incorrect API key provided"));
        assertFalse(unknown.bodyText().contains("sk-not-a-stored-key"));
        assertEquals(401, chat(secret + "x", "auto").status());
        assertEquals(401, chat(null, "auto").status());
    }

    @Test
    void aRevokedKeyIsRefusedAsRevoked() throws Exception {
        JsonNode key = createKey("{\"name\": \"ci\"}");
        assertEquals(200, chat(key.path("secret").asText(), "auto").status());

        assertEquals(200, call(gateway, "DELETE", "/v1/router/keys/" + key.path("id").asText(), ADMIN, null).status());

        HttpAnswer refused = chat(key.path("secret").asText(), "auto");
        assertEquals(401, refused.status());
        assertEquals("invalid_api_key", error(refused).path("code").asText());
        assertTrue(error(refused).path("message").asText().contains("revoked"), refused.bodyText());
    }

    @Test
    void anExpiredKeyIsRefusedSayingWhenItExpired() throws Exception {
        Instant expiry = T0.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        String secret = createKey("{\"name\": \"ci\", \"expiresAt\": \"" + expiry + "\"}").path("secret").asText();
        assertEquals(200, chat(secret, "auto").status());

        clock.advance(Duration.ofHours(1));

        HttpAnswer refused = chat(secret, "auto");
        assertEquals(401, refused.status());
        assertTrue(error(refused).path("message").asText().contains("expired at " + expiry), refused.bodyText());
    }

    @Test
    void aModelOrTargetTheKeyMayNotUseIs403NamingTheModel() throws Exception {
        String onlyTiny = createKey("{\"name\": \"a\", \"models\": [\"tiny\"]}").path("secret").asText();
        HttpAnswer model = chat(onlyTiny, "gpt-4o-mini");
        assertEquals(403, model.status(), model.bodyText());
        assertEquals("permission_denied", error(model).path("code").asText());
        assertEquals("permission_error", error(model).path("type").asText());
        assertTrue(error(model).path("message").asText().contains("gpt-4o-mini"));

        String onlyCluster = createKey("{\"name\": \"b\", \"targets\": [\"local\"]}").path("secret").asText();
        HttpAnswer target = chat(onlyCluster, "gpt-4o-mini");
        assertEquals(403, target.status(), target.bodyText());
        assertTrue(error(target).path("message").asText().contains("gpt-4o-mini"));

        String onlyProvider = createKey("{\"name\": \"c\", \"targets\": [\"api\"], \"models\": [\"auto\"]}")
                .path("secret").asText();
        HttpAnswer allowed = chat(onlyProvider, "auto");
        assertEquals(200, allowed.status(), allowed.bodyText());
        assertEquals("api", allowed.headers().get("x-router-target"));
    }

    @Test
    void aKeyIsReadOnceAndTrustedForTheCacheTtl() throws Exception {
        String secret = createKey("{\"name\": \"ci\"}").path("secret").asText();

        assertEquals(200, call(gateway, "GET", "/v1/models", secret, null).status());
        int afterFirst = keyStore.finds();
        assertEquals(200, call(gateway, "GET", "/v1/models", secret, null).status());
        assertEquals(200, chat(secret, "auto").status());
        assertEquals(afterFirst, keyStore.finds(), "no DynamoDB read for a cached key");

        assertEquals(401, chat("sk-unknown", "auto").status());
        int afterUnknown = keyStore.finds();
        assertEquals(401, chat("sk-unknown", "auto").status());
        assertEquals(afterUnknown, keyStore.finds(), "absences are cached too");

        clock.advance(Duration.ofSeconds(31));
        assertEquals(200, chat(secret, "auto").status());
        assertEquals(afterUnknown + 1, keyStore.finds(), "read again once the TTL has passed");
    }

    @Test
    void aRevocationMadeThroughAnotherInstanceTakesEffectWithinTheTtl() throws Exception {
        JsonNode key = createKey("{\"name\": \"ci\"}");
        String secret = key.path("secret").asText();
        assertEquals(200, chat(secret, "auto").status());

        RouterGateway other = instance(new DynamoKeyStore(dynamo.client(), config.store()));
        assertEquals(200, call(other, "DELETE", "/v1/router/keys/" + key.path("id").asText(), ADMIN, null).status());

        assertEquals(200, chat(secret, "auto").status(), "this instance still trusts what it read");
        clock.advance(Duration.ofSeconds(31));
        assertEquals(401, chat(secret, "auto").status());
    }
}
